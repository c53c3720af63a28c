using Gate.Core;
using Gate.Testing;

namespace Gate.Cli.Tests;

public class DemoCommandTests
{
    [Fact]
    public async Task Demo_Json_CaughtAtStageOneAndMatchesSnapshot()
    {
        var result = await GateRun.RunAsync("demo", "--format", "json");

        Assert.Equal(ExitCodes.Pass, result.ExitCode);
        Assert.Contains("\"schema\": \"gate.simulation/v1\"", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"detectedAtStage\": 1", result.Output, StringComparison.Ordinal);
        Snapshot.Match(result.Output, "demo-json");
    }
}
