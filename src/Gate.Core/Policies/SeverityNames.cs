namespace Gate.Core.Policies;

/// <summary>The lower-case names of <see cref="Severity"/> used in policies, reports and on the command line.</summary>
public static class SeverityNames
{
    /// <summary>Returns <c>error</c>, <c>warning</c>, <c>note</c> or <c>off</c>.</summary>
    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Note => "note",
        _ => "off",
    };

    /// <summary>Parses a severity name; null when the name is unknown.</summary>
    public static Severity? Parse(string? name) => name switch
    {
        "error" => Severity.Error,
        "warning" => Severity.Warning,
        "note" => Severity.Note,
        "off" => Severity.Off,
        _ => null,
    };
}
