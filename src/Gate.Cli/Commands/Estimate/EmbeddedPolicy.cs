using Gate.Cli.Input;
using Gate.Core;
using Gate.Core.Policies;

namespace Gate.Cli.Commands.Estimate;

/// <summary>Loads the built-in policy and schema (embedded resources <c>policies/…</c>) or a policy file.</summary>
internal static class EmbeddedPolicy
{
    /// <summary>The text of an embedded resource, e.g. <c>policies/default.yaml</c>.</summary>
    public static string Resource(string name)
    {
        using var stream = typeof(EmbeddedPolicy).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the gate tool");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The built-in policy (policies/default.yaml), parsed once per process and not re-validated against the schema
    /// at every start (tests validate it: see EmbeddedPolicyTests).
    /// </summary>
    public static Policy BuiltIn => BuiltInPolicy.Value;

    private static readonly Lazy<Policy> BuiltInPolicy = new(() => PolicyLoader.LoadValidated(Resource("policies/default.yaml"), "built-in"));

    /// <summary>The policy of <c>--policy FILE</c> (validated against the schema), or the built-in default when <paramref name="path"/> is null.</summary>
    public static Policy Load(CliContext context, string? path)
    {
        if (path is null)
        {
            return BuiltIn;
        }

        var schema = Resource("policies/schema.json");

        var full = context.ResolvePath(path);
        if (!File.Exists(full))
        {
            throw new GateUsageException($"policy file {path} does not exist", Gate.Core.Manifests.SourcePosition.FileOnly(path), "check the --policy path");
        }

        return PolicyLoader.Load(InputFile.ReadConfigText(full, path), path, schema);
    }
}
