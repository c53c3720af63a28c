using System.Text.Json;
using System.Text.Json.Nodes;
using Cel;
using YamlDotNet.RepresentationModel;

namespace Gate.Testing.FakeKube;

/// <summary>
/// The ValidatingAdmissionPolicies of a deploy file, evaluated like kube-apiserver does: a policy applies to a write
/// when its <c>matchConstraints.resourceRules</c> name the group, resource and operation and every
/// <c>matchConditions</c> expression is true; the first false <c>validations</c> expression denies the write with its
/// reason and message. The CEL expressions run in a real CEL evaluator over <c>object</c>, <c>oldObject</c> and
/// <c>request</c> (operation, userInfo.username), so a test holds the manifest's own text, not a copy of its rules.
/// </summary>
public sealed class FakeAdmission
{
    private readonly List<Policy> policies;

    private FakeAdmission(List<Policy> policies) => this.policies = policies;

    /// <summary>No policy: every write is admitted.</summary>
    public static FakeAdmission None { get; } = new([]);

    /// <summary>Loads every <c>ValidatingAdmissionPolicy</c> of a multi-document YAML file.</summary>
    public static FakeAdmission Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        var found = new List<Policy>();
        foreach (var root in stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>())
        {
            if (Scalar(root, "kind") != "ValidatingAdmissionPolicy" || root["spec"] is not YamlMappingNode spec)
            {
                continue;
            }

            var rules = Items(spec["matchConstraints"], "resourceRules")
                .Select(r => new ResourceRule(Strings(r, "apiGroups"), Strings(r, "resources"), Strings(r, "operations")))
                .ToList();
            var conditions = Items(spec, "matchConditions").Select(c => Scalar(c, "expression")!).ToList();
            var validations = Items(spec, "validations")
                .Select(v => new Validation(Scalar(v, "expression")!, Scalar(v, "reason") ?? "Invalid", Scalar(v, "message") ?? "denied"))
                .ToList();
            found.Add(new Policy(Scalar((YamlMappingNode)root["metadata"], "name")!, rules, conditions, validations));
        }

        return new FakeAdmission(found);
    }

    /// <summary>Number of policies loaded.</summary>
    public int Count => policies.Count;

    /// <summary>
    /// The denial of a write, or null when every matching policy admits it. <paramref name="operation"/> is
    /// CREATE, UPDATE or DELETE; <paramref name="obj"/> is null for DELETE and <paramref name="oldObject"/> for CREATE.
    /// </summary>
    public Denial? Review(string operation, string user, string group, string resource, JsonObject? obj, JsonObject? oldObject)
    {
        var matching = policies.Where(p => p.Rules.Any(r => r.Matches(group, resource, operation))).ToList();
        if (matching.Count == 0)
        {
            return null;
        }

        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["object"] = Value(obj),
            ["oldObject"] = Value(oldObject),
            ["request"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["operation"] = operation,
                ["userInfo"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["username"] = user },
            },
        };
        foreach (var policy in matching)
        {
            var env = new CelEnvironment(null, string.Empty);
            if (!policy.Conditions.TrueForAll(c => env.Program(c, variables) is true))
            {
                continue;
            }

            foreach (var v in policy.Validations)
            {
                // An expression that cannot be evaluated (a missing field) fails closed, as failurePolicy: Fail does.
                bool admitted;
                try
                {
                    admitted = env.Program(v.Expression, variables) is true;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    admitted = false;
                }

                if (!admitted)
                {
                    return new Denial(v.Reason, $"ValidatingAdmissionPolicy '{policy.Name}' denied request: {v.Message}");
                }
            }
        }

        return null;
    }

    // CEL values of a JSON object (via its serialized form: a node may wrap a CLR value such as a timestamp).
    private static object? Value(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(node.ToJsonString());
        return Value(doc.RootElement);
    }

    private static object? Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Value(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => e.EnumerateArray().Select(Value).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when e.TryGetInt64(out var l) => l,
        JsonValueKind.Number => e.GetDouble(),
        _ => null,
    };

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode s ? s.Value : null;

    private static IEnumerable<YamlMappingNode> Items(YamlNode node, string key) =>
        node is YamlMappingNode m && m.Children.TryGetValue(key, out var value) && value is YamlSequenceNode seq
            ? seq.Children.OfType<YamlMappingNode>()
            : [];

    private static List<string> Strings(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlSequenceNode seq ? seq.Children.Select(c => c.ToString()).ToList() : [];

    /// <summary>Why a write was refused: the validation's reason (Forbidden → 403, Invalid → 422) and message.</summary>
    public sealed record Denial(string Reason, string Message)
    {
        public int StatusCode => Reason switch { "Forbidden" => 403, "Unauthorized" => 401, _ => 422 };
    }

    private sealed record Policy(string Name, List<ResourceRule> Rules, List<string> Conditions, List<Validation> Validations);

    private sealed record Validation(string Expression, string Reason, string Message);

    private sealed record ResourceRule(List<string> Groups, List<string> Resources, List<string> Operations)
    {
        public bool Matches(string group, string resource, string operation) =>
            (Groups.Contains("*") || Groups.Contains(group)) && (Resources.Contains("*") || Resources.Contains(resource)) && Operations.Contains(operation);
    }
}
