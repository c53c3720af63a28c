namespace Gate.Core.Tests.Agents;

public sealed class CalicoKubeControllersTests
{
    private static Scenario Controllers(string? enabled)
    {
        var scenario = new Scenario("quay.io/calico/kube-controllers:v3.32.1") { Kind = "Deployment", Replicas = 1 };
        return enabled is null ? scenario : scenario.Env("ENABLED_CONTROLLERS", enabled);
    }

    [Fact]
    public void Analyze_NodeAndLoadBalancer_PodNodeAndServiceInformers()
    {
        Assert.Equal(
            ["list nodes cluster f=- l=- rv=0 p=-", "list pods cluster f=- l=- rv=0 p=-", "list services cluster f=- l=- rv=0 p=-",
             "watch nodes cluster f=- l=- rv=- p=-", "watch pods cluster f=- l=- rv=- p=-", "watch services cluster f=- l=- rv=- p=-"],
            Controllers("node,loadbalancer").PatternKeys());
    }

    [Fact]
    public void Analyze_Unset_DefaultControllersAndNote()
    {
        var workload = Assert.Single(Controllers(null).Discover().Workloads);

        Assert.Equal("calico-kube-controllers", workload.Agent);
        Assert.Contains(workload.AccessPatterns, p => p.Resource == "networkpolicies");
        Assert.Contains(workload.AccessPatterns, p => p.Resource == "serviceaccounts");
        Assert.Contains(workload.Notes, n => n.Contains("ENABLED_CONTROLLERS is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_WorkloadEndpointOnly_PodInformerOnly()
    {
        Assert.Equal(["list pods cluster f=- l=- rv=0 p=-", "watch pods cluster f=- l=- rv=- p=-"], Controllers("workloadendpoint").PatternKeys());
    }
}
