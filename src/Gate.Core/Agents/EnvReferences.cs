using System.Text.RegularExpressions;

namespace Gate.Core.Agents;

/// <summary>Recognises environment-variable references in agent configs (OTel, Prometheus, Kubernetes, Ruby, River).</summary>
internal static partial class EnvReferences
{
    [GeneratedRegex(@"^\s*(?:\$\{env:(?<v>[A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}|\$\{(?<v>[A-Za-z_][A-Za-z0-9_]*)(?::?-[^}]*)?\}|\$\((?<v>[A-Za-z_][A-Za-z0-9_]*)\)|\$(?<v>[A-Za-z_][A-Za-z0-9_]*)|(?:sys\.)?env\(\s*""(?<v>[A-Za-z_][A-Za-z0-9_]*)""\s*\)|#\{\s*ENV\s*(?:\[\s*['""](?<v>[A-Za-z_][A-Za-z0-9_]*)['""]\s*\]|\.fetch\(\s*['""](?<v>[A-Za-z_][A-Za-z0-9_]*)['""][^)]*\))\s*\})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex WholeReference();

    /// <summary>The variable when <paramref name="value"/> is exactly one reference, else null.</summary>
    public static string? Single(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var match = WholeReference().Match(value);
        return match.Success ? match.Groups["v"].Value : null;
    }

    [GeneratedRegex(@"\$\{env:(?<v>[A-Za-z_][A-Za-z0-9_]*)\}|\$\{(?<v>[A-Za-z_][A-Za-z0-9_]*)\}|\$(?<v>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex AnyReference();

    /// <summary>Rewrites every <c>${env:X}</c>, <c>${X}</c> and <c>$X</c> inside <paramref name="text"/> as <c>$(X)</c> (Kubernetes style).</summary>
    public static string Normalize(string text) => AnyReference().Replace(text, m => "$(" + m.Groups["v"].Value + ")");
}
