namespace Gate.Simulation.ControlPlane;

/// <summary>What one request of an access pattern costs the simulated API server.</summary>
public sealed record RequestCost
{
    public required string Verb { get; init; }

    public required string Resource { get; init; }

    public required string Scope { get; init; }

    public required int Seats { get; init; }

    public required double CpuSeconds { get; init; }

    public required double ResponseBytes { get; init; }

    public required double MemoryBytes { get; init; }

    /// <summary>Bytes the server reads to answer: the response, or the whole range when etcd serves it.</summary>
    public double ReadBytes { get; init; }

    /// <summary>For a WATCH: bytes of the events it is sent per second while open.</summary>
    public double WatchBytesPerSecond { get; init; }

    /// <summary>For a WATCH: events it is sent per second while open.</summary>
    public double WatchEventsPerSecond { get; init; }

    public required bool FromEtcd { get; init; }

    public required bool Mutating { get; init; }

    /// <summary>For a WATCH: cores its event fan-out and upkeep cost while it is open.</summary>
    public double WatchCores { get; init; }

    /// <summary>Builds a request with this cost.</summary>
    public SimRequest ToRequest(FlowClass flow, string client, Action<SimRequest, RequestOutcome> done) => new()
    {
        Verb = Verb,
        Resource = Resource,
        Scope = Scope,
        Flow = flow,
        Seats = Seats,
        CpuSeconds = CpuSeconds,
        ResponseBytes = ResponseBytes,
        MemoryBytes = MemoryBytes,
        ReadBytes = ReadBytes,
        WatchBytesPerSecond = WatchBytesPerSecond,
        WatchEventsPerSecond = WatchEventsPerSecond,
        FromEtcd = FromEtcd,
        Mutating = Mutating,
        Client = client,
        Done = done,
    };
}
