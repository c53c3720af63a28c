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

    /// <summary>How long one verdict per (namespace, workload, window) is reused across analysis runs.</summary>
    public TimeSpan CacheTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Window judged when the query names none.</summary>
    public int DefaultWindowSeconds { get; init; } = 300;
}
