namespace Gate.GitHub.Publishing;

/// <summary>Level of a check-run annotation, as GitHub names it.</summary>
public enum AnnotationLevel
{
    Notice,
    Warning,
    Failure,
}

/// <summary>One annotation on a file line of the PR.</summary>
public sealed record CheckAnnotation(string Path, int StartLine, int EndLine, AnnotationLevel Level, string Title, string Message);

/// <summary>
/// Everything a completed check run carries. GitHub accepts at most <see cref="MaxAnnotationsPerRequest"/>
/// annotations per request and at most <see cref="MaxOutputChars"/> characters in the summary and in the text.
/// </summary>
public sealed record CheckRunPlan
{
    public const int MaxAnnotationsPerRequest = 50;

    /// <summary>GitHub's limit for <c>output.summary</c> and <c>output.text</c>.</summary>
    public const int MaxOutputChars = 65_535;

    public required string Name { get; init; }

    public required string HeadSha { get; init; }

    /// <summary><c>success</c>, <c>failure</c> or <c>neutral</c>.</summary>
    public required string Conclusion { get; init; }

    public required string Title { get; init; }

    public required string Summary { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<CheckAnnotation> Annotations { get; init; } = [];

    /// <summary>The annotations in request-sized batches; at least one (possibly empty) batch, for the create call.</summary>
    public IReadOnlyList<IReadOnlyList<CheckAnnotation>> Batches =>
        Annotations.Count == 0
            ? [Array.Empty<CheckAnnotation>()]
            : Annotations.Chunk(MaxAnnotationsPerRequest).Select(c => (IReadOnlyList<CheckAnnotation>)c).ToList();
}
