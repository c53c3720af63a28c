namespace Gate.Simulation.ControlPlane;

/// <summary>What the client saw at the end of a request.</summary>
public enum RequestOutcome
{
    /// <summary>200: the response arrived.</summary>
    Ok,

    /// <summary>429 from APF (queue full, queue wait time-out, or concurrency limit of a reject-type level).</summary>
    TooManyRequests,

    /// <summary>504: the request ran past --request-timeout (the server keeps working on it).</summary>
    Timeout,

    /// <summary>The connection failed: no API server reachable, or the one serving it was killed.</summary>
    ConnectionError,
}
