using Gate.Cli.Tests.Estimate;
using Gate.Core;
using Gate.Testing;

namespace Gate.Cli.Tests.Input;

/// <summary>Folders as users keep them: manifests beside Helm chart sources and Kustomize files.</summary>
public sealed class FolderInputTests : IDisposable
{
    private const string Template =
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {{ include \"agent.fullname\" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: agent\n          image: \"{{ .Values.image }}\"\n";

    private readonly string root = Directory.CreateTempSubdirectory("gate-folders-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Check_FolderWithChartAndKustomizeFiles_SkipsThemWithNotesAndChecksTheManifests()
    {
        CopyCase("node-exporter", "deploy");
        WriteChart("deploy/chart");
        Write("deploy/kustomization.yaml", "resources:\n  - daemonset.yaml\n");

        var table = await CorpusRun.RunInAsync(root, "check", "deploy", "--nodes", "1000");
        var markdown = await CorpusRun.RunInAsync(root, "check", "deploy", "--nodes", "1000", "--format", "markdown");

        Assert.Equal((ExitCodes.Pass, string.Empty), (table.ExitCode, table.Error));
        Assert.Equal((ExitCodes.Pass, string.Empty), (markdown.ExitCode, markdown.Error));
        Snapshot.Match(table.Output, "skipped-files.table");
        Assert.Contains("- `deploy/chart/templates/daemonset.yaml`: looks like a Helm template: render it with `helm template`, then pass the rendered output", markdown.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deploy/chart/templates/daemonset.yaml", "error: deploy/chart/templates/daemonset.yaml:4:9: looks like a Helm template (render it with `helm template`, then pass the rendered output)")]
    [InlineData("deploy/chart/Chart.yaml", "error: deploy/chart/Chart.yaml: a Helm chart's Chart.yaml, not a manifest (render the chart with `helm template`, then pass the rendered output)")]
    [InlineData("deploy/kustomization.yaml", "error: deploy/kustomization.yaml: a Kustomize file, not a manifest (render it with `kubectl kustomize`, then pass the rendered output)")]
    public async Task Check_NamedFileThatIsNotManifests_ExitsTwoWithOneLine(string path, string expected)
    {
        CopyCase("node-exporter", "deploy");
        WriteChart("deploy/chart");
        Write("deploy/kustomization.yaml", "resources:\n  - daemonset.yaml\n");

        var result = await CorpusRun.RunInAsync(root, "check", "deploy/daemonset.yaml", path);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(expected, result.Error.TrimEnd());
    }

    [Fact]
    public async Task Estimate_FolderOfChartSourcesOnly_ExitsTwoSayingWhatWasSkipped()
    {
        WriteChart("chart");

        var result = await CorpusRun.RunInAsync(root, "estimate", "chart");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(
            "error: no DaemonSet or Deployment found in 3 files; 3 skipped (2 as Helm chart files, 1 as Helm template) "
            + "(render the chart with `helm template`, then pass the rendered output)",
            result.Error.TrimEnd());
    }

    [Fact]
    public async Task Check_SameDaemonSetInTwoFolders_EachJudgedOnItsOwnConfigWithItsFileShown()
    {
        CopyCase("otel-k8sattributes-node-filter", "envs/dev");
        CopyCase("otel-k8sattributes-cluster", "envs/prod");

        var table = await CorpusRun.RunInAsync(root, "check", "envs/dev", "envs/prod", "--nodes", "5000");
        var json = await CorpusRun.RunInAsync(root, "check", "envs/dev", "envs/prod", "--nodes", "5000", "--format", "json");

        Assert.Equal((ExitCodes.PolicyViolation, string.Empty), (table.ExitCode, table.Error));
        Snapshot.Match(table.Output, "same-name.table");
        using var doc = System.Text.Json.JsonDocument.Parse(json.Output);
        var readBudget = doc.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("ruleId").GetString() == "GATE102")
            .Select(f => f.GetProperty("workloadFile").GetString());
        // Only prod's collector watches pods cluster-wide; linked to dev's ConfigMap it would have passed.
        Assert.Equal(["envs/prod/daemonset.yaml"], readBudget);
    }

    private void WriteChart(string folder)
    {
        Write($"{folder}/Chart.yaml", "apiVersion: v2\nname: agent\nversion: 0.1.0\n");
        Write($"{folder}/values.yaml", "image: acme/agent:1.0\n");
        Write($"{folder}/templates/daemonset.yaml", Template);
    }

    private void CopyCase(string name, string folder)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Corpus, name)))
        {
            Write($"{folder}/{Path.GetFileName(file)}", File.ReadAllText(file));
        }
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
