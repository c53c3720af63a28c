using Gate.Cli.Commands.Simulate;
using Gate.Cli.Reports.Html;
using Gate.Simulation.Scenarios;

namespace Gate.Cli.Tests.Html;

/// <summary>The demo (seed 42) run once per test run, as an HTML page and as the JSON report.</summary>
internal static class HtmlDemo
{
    private static readonly Lazy<DemoResult> Result = new(() => DemoResult.Run());
    private static readonly Lazy<string> Page = new(() => HtmlRenderer.Render(SimulationPages.Demo(Result.Value)));

    public static DemoResult Demo => Result.Value;

    public static string Html => Page.Value;

    public static string Json => DemoRenderer.ToJson(Result.Value);

    /// <summary>Where tests keep what they render (pages, screenshots, timings): under the test output folder.</summary>
    public static string ArtifactFolder
    {
        get
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "artifacts", "html");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }
}
