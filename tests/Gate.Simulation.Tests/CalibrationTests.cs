using Gate.Simulation.Scenarios;

namespace Gate.Simulation.Tests;

/// <summary>The simulator reproduces the load table of docs/calibration (testbed-v1.32.json).</summary>
public class CalibrationTests
{
    [Fact]
    public void Run_FiftyClusterWideListersEvery10sDefaultFlags_OomKilledWithinOneToThreeMinutes()
    {
        var result = new LoadExperiment { Agents = 50, Pattern = LoadExperiment.ClusterWidePodList(10), DurationSeconds = 300 }.Run();

        Assert.NotNull(result.OomSeconds);
        Assert.InRange(result.OomSeconds!.Value, 60, 180);
        Assert.InRange(result.PeakExecuting, 30, 40); // measured 30–36 LISTs executing at once
        Assert.InRange(result.PeakRssBytes / 1e9, 19, 23); // measured 19–22 GB
    }

    [Fact]
    public void Run_ThousandNodeScopedPollersEvery10s_HealthyAndAboutOneCore()
    {
        var result = new LoadExperiment { Agents = 1000, Pattern = LoadExperiment.NodeScopedPodList(10), DurationSeconds = 60 }.Run();

        Assert.Null(result.OomSeconds);
        Assert.Equal(0, result.Rejected);
        Assert.InRange(result.OkPerSecond, 90, 110);
        Assert.InRange(result.CpuCores, 0.5, 1.5); // measured 0.96 cores
        Assert.True(result.P99Seconds < 0.3, $"p99 {result.P99Seconds}s"); // measured p99 0.30 s
        Assert.InRange(result.PeakRssBytes / 1e9, 3.0, 3.3); // RSS flat at the idle 3.1 GB
    }

    [Fact]
    public void Run_FiftyListersWithLimitedInflight_SurvivesAndRejectsWith429()
    {
        var result = new LoadExperiment { Agents = 50, Pattern = LoadExperiment.ClusterWidePodList(10), DurationSeconds = 60, Profile = SimulationProfiles.Testbed(100, 50) }.Run();

        Assert.Null(result.OomSeconds);
        Assert.InRange(result.Ok, 30, 100); // measured 72 OK
        Assert.InRange(result.Rejected, 100, 400); // measured 199 rejected
        Assert.InRange(result.P99Seconds, 15, 45); // measured p99 32 s
    }

    [Theory]
    [InlineData(1, 0.26)]
    [InlineData(50, 0.36)]
    [InlineData(200, 0.54)]
    [InlineData(1000, 1.34)]
    public void Run_ClusterWideWatchers_CpuWithin30PercentOfMeasured(int watchers, double measuredCores)
    {
        var result = new LoadExperiment { Agents = watchers, Pattern = LoadExperiment.ClusterWidePodWatch(), DurationSeconds = 60, Profile = SimulationProfiles.Testbed(podUpdatesPerSecond: 10) }.Run();

        Assert.InRange(result.CpuCores, measuredCores * 0.7, measuredCores * 1.3);
    }

    [Fact]
    public void Run_OneClusterWideList_WallAndRssNearTheSingleListMeasurement()
    {
        var result = new LoadExperiment { Agents = 1, Pattern = LoadExperiment.ClusterWidePodList(1000), DurationSeconds = 10 }.Run();

        Assert.Equal(1, result.Ok);
        Assert.InRange(result.P50Seconds, 2.0, 2.6); // measured 2.31 s
        Assert.InRange(result.PeakRssBytes / 1e9, 3.1, 5.8); // idle 3.1 GB, measured peak 5.8 GB (GC slack not modelled)
    }
}
