using Gate.Core.Health;

namespace Gate.Prometheus;

/// <summary>A Prometheus query that failed after retries, with the kind the judge maps to inconclusive.</summary>
public sealed class PrometheusQueryException : Exception
{
    public PrometheusQueryException(HealthQueryErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    public PrometheusQueryException() : this(HealthQueryErrorKind.ServerError, "query failed") { }

    public PrometheusQueryException(string message) : this(HealthQueryErrorKind.ServerError, message) { }

    public PrometheusQueryException(string message, Exception inner) : this(HealthQueryErrorKind.ServerError, message, inner) { }

    public HealthQueryErrorKind Kind { get; }
}
