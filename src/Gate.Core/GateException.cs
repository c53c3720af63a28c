using Gate.Core.Manifests;

namespace Gate.Core;

/// <summary>
/// An error the user can fix: bad input or usage (exit code 2). The message is one line; <see cref="Position"/>
/// names the file, line and column where one exists; <see cref="Hint"/> says how to fix it.
/// </summary>
public class GateUsageException : Exception
{
    public GateUsageException(string message, SourcePosition? position = null, string? hint = null, Exception? inner = null)
        : base(message, inner)
    {
        Position = position;
        Hint = hint;
    }

    public GateUsageException() : this("invalid usage") { }

    public GateUsageException(string message) : this(message, null, null, null) { }

    public GateUsageException(string message, Exception inner) : this(message, null, null, inner) { }

    public SourcePosition? Position { get; }

    public string? Hint { get; }

    /// <summary>The one line shown to the user: <c>file:line:column: what is wrong (how to fix)</c>.</summary>
    public string ToUserLine()
    {
        var where = Position is { } p ? p + ": " : string.Empty;
        var hint = string.IsNullOrWhiteSpace(Hint) ? string.Empty : $" ({Hint})";
        return where + Message + hint;
    }
}

/// <summary>The environment failed: a cluster, Prometheus or GitHub was unreachable or refused (exit code 3).</summary>
public class GateEnvironmentException : Exception
{
    public GateEnvironmentException(string message, Exception? inner = null) : base(message, inner) { }

    public GateEnvironmentException() : this("environment error") { }

    public GateEnvironmentException(string message) : this(message, null) { }
}

/// <summary>
/// The cluster kept failing after the per-request retries: 429 (overloaded), 5xx, unreachable or timed out (exit code
/// 3). Transient by nature, unlike a refusal (401/403): <c>gate rollout</c> keeps trying for
/// <see cref="Rollout.RolloutTimings.ApiOutageLimit"/> before it rolls back.
/// </summary>
public sealed class ClusterUnavailableException : GateEnvironmentException
{
    public ClusterUnavailableException(string message, Exception? inner = null) : base(message, inner) { }

    public ClusterUnavailableException() : this("the cluster is unavailable") { }

    public ClusterUnavailableException(string message) : this(message, null) { }
}
