using System.CommandLine;

namespace Gate.Cli.Commands;

/// <summary>
/// Factories for options several commands share, so each has one description and one set of allowed values.
/// Each call returns a new instance: System.CommandLine binds an option to one command.
/// </summary>
public static class SharedOptions
{
    public static readonly string[] ReportFormats = ["table", "json", "markdown", "sarif", "github"];

    public static Argument<string[]> Paths(string description) => new("paths")
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<int?> Nodes(string description) => new("--nodes")
    {
        Description = description,
        // Its own parser: the default message names the .NET type ("expected type 'System.Nullable`1[System.Int32]'").
        CustomParser = r =>
        {
            var token = r.Tokens.Count == 1 ? r.Tokens[0].Value : string.Empty;
            if (!int.TryParse(token, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                r.AddError($"--nodes takes a whole number of nodes, got '{token}'");
                return null;
            }

            if (n is < 1 or > 1_000_000)
            {
                r.AddError($"--nodes must be between 1 and 1000000, got {token}");
                return null;
            }

            return n;
        },
    };

    public static Option<string?> Profile() => new("--profile")
    {
        Description = "Cluster profile: small (100 nodes), medium (1,000; the default without --nodes or --profile), large (5,000), xlarge (15,000), "
            + "testbed (the calibration cluster: 1,000 nodes, one 2-core API server), or a profile YAML file.",
    };

    /// <summary><c>--patterns FILE</c>: pattern files (docs/agents.md, "Pattern file"), e.g. written by <c>gate profile</c>.</summary>
    public static Option<string[]> Patterns() => new("--patterns")
    {
        Description = "Pattern file declaring workloads' access patterns (e.g. learned by gate profile); may be repeated.",
    };

    public static Option<bool> FromCluster() => new("--from-cluster")
    {
        Description = "Read object counts from the current kube context cheaply (limit=1 + remainingItemCount).",
    };

    public static Option<string> Format(params string[] allowed)
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = "Output format: " + string.Join(", ", allowed) + ".",
            DefaultValueFactory = _ => allowed[0],
        };
        option.AcceptOnlyFromAmong(allowed);
        return option;
    }

    public static Option<string?> Output() => new("--output", "-o")
    {
        Description = "Write the report to this file instead of standard output.",
    };

    /// <summary><c>--namespace</c>: commands that connect to the cluster default to the kube context's namespace; the others to 'default'.</summary>
    public static Option<string?> Namespace(bool fromKubeContext = true) => new("--namespace", "-n")
    {
        Description = fromKubeContext
            ? "Namespace of the DaemonSet (default: the kube context's namespace, else 'default')."
            : "Namespace of the DaemonSet, for its canary signals (default: 'default').",
    };

    public static Argument<string> DaemonSet() => new("daemonset")
    {
        Description = "Name of the DaemonSet.",
    };

    public static Option<string?> Kubeconfig() => new("--kubeconfig")
    {
        Description = "Path of the kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster).",
    };

    public static Option<string?> Context() => new("--context")
    {
        Description = "Name of the kubeconfig context to use.",
    };

    public static Option<string?> Prometheus() => new("--prometheus")
    {
        Description = "Base URL of the Prometheus HTTP API that scrapes the control plane, e.g. http://127.0.0.1:9090.",
    };

    public static Option<bool> ScrapeApiServer() => new("--scrape-apiserver")
    {
        Description = "Without Prometheus: scrape the API server's /metrics through the Kubernetes client.",
    };

    /// <summary><c>--cluster NAME</c>: the signal pack's threshold overrides for that cluster (analyze, serve, rollout).</summary>
    public static Option<string?> Cluster() => new("--cluster") { Description = "Apply the threshold overrides of clusters.NAME in the signal pack." };

    public static Option<string?> Analysis() => new("--analysis")
    {
        Description = "Health signal pack (YAML) overriding the built-in policies/health.yaml.",
    };
}
