using System.Net;

namespace Gate.AnalysisHook;

/// <summary>Settings of <c>gate serve</c>.</summary>
public sealed record HookOptions
{
    /// <summary>Address to listen on; loopback by default.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 8080);

    /// <summary>The bearer token callers must present. Never logged.</summary>
    public required string Token { get; init; }

    /// <summary>Answer within this time; below Argo's default 10 s web provider timeout.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long one verdict per <see cref="IVerdictSource.VerdictKey"/> is reused across analysis runs.</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most verdicts held at once (older ones are dropped first).</summary>
    public int MaxCachedVerdicts { get; init; } = 256;

    /// <summary>How long a "ready" answer of <c>/readyz</c> is reused (the probe asks the health source).</summary>
    public TimeSpan ReadyTtl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a "not ready" answer of <c>/readyz</c> is reused (shorter: a recovered source is noticed soon).</summary>
    public TimeSpan NotReadyTtl { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest request body read (a POSTed analysis query is a few hundred bytes); larger is 413.</summary>
    public int MaxBodyBytes { get; init; } = 4 * 1024;

    /// <summary>Window judged when the query names none.</summary>
    public int DefaultWindowSeconds { get; init; } = 300;
}
