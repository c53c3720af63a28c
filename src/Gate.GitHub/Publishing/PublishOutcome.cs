namespace Gate.GitHub.Publishing;

/// <summary>What happened to one publishing call.</summary>
public enum PublishStatus
{
    Created,
    Updated,

    /// <summary>GitHub refused (403/404): a fork PR or a read-only token. Not an error of the check.</summary>
    Denied,

    /// <summary>GitHub rejected the request (422) or kept failing (5xx after retries).</summary>
    Failed,
}

/// <summary>The outcome of one publishing call: status, the GitHub id when one was created, and a one-line detail.</summary>
public sealed record PublishOutcome(PublishStatus Status, long? Id, string Detail)
{
    public bool Succeeded => Status is PublishStatus.Created or PublishStatus.Updated;
}
