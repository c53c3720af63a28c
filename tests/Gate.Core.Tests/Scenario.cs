using System.Text;
using Gate.Core.Agents;
using Gate.Core.Manifests;

namespace Gate.Core.Tests;

/// <summary>Builds small manifests (a workload, its ConfigMap, RBAC) for agent and ingestion tests.</summary>
internal sealed class Scenario
{
    private readonly List<(string Name, string? FieldPath, string? Value)> env = [];
    private readonly List<string> args = [];
    private readonly Dictionary<string, string> config = new(StringComparer.Ordinal);
    private readonly List<string> extraDocuments = [];

    public Scenario(string image) => Image = image;

    public string Image { get; }

    public string Kind { get; init; } = "DaemonSet";

    public int? Replicas { get; init; }

    public string MountPath { get; init; } = "/conf";

    public string? AccessPatternsAnnotation { get; init; }

    public bool AutomountToken { get; init; } = true;

    public Scenario NodeNameEnv(string name) => Env(name, fieldPath: "spec.nodeName");

    public Scenario Env(string name, string? value = null, string? fieldPath = null)
    {
        env.Add((name, fieldPath, value));
        return this;
    }

    public Scenario Args(params string[] values)
    {
        args.AddRange(values);
        return this;
    }

    public Scenario Config(string key, string text)
    {
        config[key] = text;
        return this;
    }

    public Scenario Document(string yaml)
    {
        extraDocuments.Add(yaml);
        return this;
    }

    /// <summary>Every object as one multi-document YAML file.</summary>
    public string Yaml()
    {
        var b = new StringBuilder();
        b.Append("apiVersion: apps/v1\nkind: ").Append(Kind).Append("\nmetadata:\n  name: agent\n  namespace: obs\n");
        if (AccessPatternsAnnotation is not null)
        {
            b.Append("  annotations:\n    gate.dev/access-patterns: |\n");
            foreach (var line in AccessPatternsAnnotation.Split('\n'))
            {
                b.Append("      ").Append(line).Append('\n');
            }
        }

        b.Append("spec:\n");
        if (Replicas is { } r)
        {
            b.Append("  replicas: ").Append(r).Append('\n');
        }

        b.Append("  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      labels: {app: agent}\n    spec:\n      serviceAccountName: agent\n");
        if (!AutomountToken)
        {
            b.Append("      automountServiceAccountToken: false\n");
        }

        b.Append("      containers:\n        - name: agent\n          image: ").Append(Image).Append('\n');
        if (args.Count > 0)
        {
            b.Append("          args:\n");
            foreach (var a in args)
            {
                b.Append("            - \"").Append(a.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n");
            }
        }

        if (env.Count > 0)
        {
            b.Append("          env:\n");
            foreach (var (name, fieldPath, value) in env)
            {
                b.Append("            - name: ").Append(name).Append('\n');
                if (fieldPath is not null)
                {
                    b.Append("              valueFrom:\n                fieldRef:\n                  fieldPath: ").Append(fieldPath).Append('\n');
                }
                else
                {
                    b.Append("              value: \"").Append(value).Append("\"\n");
                }
            }
        }

        if (config.Count > 0)
        {
            b.Append("          volumeMounts:\n            - name: config\n              mountPath: ").Append(MountPath).Append('\n');
            b.Append("      volumes:\n        - name: config\n          configMap:\n            name: agent-config\n");
            b.Append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: agent-config\n  namespace: obs\ndata:\n");
            foreach (var (key, text) in config)
            {
                b.Append("  ").Append(key).Append(": |\n");
                foreach (var line in text.Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd('\n').Split('\n'))
                {
                    b.Append(line.Length == 0 ? string.Empty : "    " + line).Append('\n');
                }
            }
        }

        foreach (var doc in extraDocuments)
        {
            b.Append("---\n").Append(doc.TrimEnd('\n')).Append('\n');
        }

        return b.ToString();
    }

    public DiscoveryResult Discover(DiscoveryOptions? options = null) =>
        WorkloadDiscovery.Discover([ManifestSource.FromText("agent.yaml", Yaml())], options);

    /// <summary>The single workload's patterns as compact strings: <c>verb group/resource scope field label rv period</c>.</summary>
    public IReadOnlyList<string> PatternKeys() => Keys(Assert.Single(Discover().Workloads));

    public static IReadOnlyList<string> Keys(Workload workload) =>
        workload.AccessPatterns.Select(Key).Order(StringComparer.Ordinal).ToList();

    public static string Key(AccessPattern p) =>
        string.Join(' ', p.Verb.ToString().ToLowerInvariant(), p.GroupResource, p.Scope.ToString().ToLowerInvariant(),
            "f=" + (p.FieldSelector ?? "-"), "l=" + (p.LabelSelector ?? "-"), "rv=" + (p.ResourceVersion ?? "-"),
            "p=" + (p.PeriodSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"));

    /// <summary>RBAC granting <paramref name="rules"/> (YAML list under rules:) to the agent's service account.</summary>
    public static string Rbac(string rules) =>
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: agent\n  namespace: obs\n---\n"
        + "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: agent\nrules:\n" + rules.TrimEnd('\n') + "\n---\n"
        + "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: agent\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: agent\n"
        + "subjects:\n  - kind: ServiceAccount\n    name: agent\n    namespace: obs\n";
}
