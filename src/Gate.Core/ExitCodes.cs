namespace Gate.Core;

/// <summary>The process exit codes of every <c>gate</c> command (DESIGN.md, "Users and entry points").</summary>
public static class ExitCodes
{
    /// <summary>Passed: the estimate is within budget, the rollout was promoted, the analysis is healthy.</summary>
    public const int Pass = 0;

    /// <summary>A policy was violated, or a rollout failed and was rolled back.</summary>
    public const int PolicyViolation = 1;

    /// <summary>Bad input or usage: a missing file, a malformed manifest, an unknown flag.</summary>
    public const int Usage = 2;

    /// <summary>The environment failed: cluster or Prometheus unreachable, permission denied, unexpected error.</summary>
    public const int Environment = 3;

    /// <summary>The answer is not known (no data, query errors): Gate fails closed.</summary>
    public const int Inconclusive = 4;
}
