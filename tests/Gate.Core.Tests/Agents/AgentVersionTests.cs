using Gate.Core.Agents;

namespace Gate.Core.Tests.Agents;

public sealed class AgentVersionTests
{
    [Theory]
    [InlineData("otel/opentelemetry-collector-contrib:0.158.0", "0.158.0")]
    [InlineData("registry.local:5000/fluent/fluentd-kubernetes-daemonset:v1.18.0-debian-elasticsearch8-1.0", "1.18.0")]
    [InlineData("gcr.io/datadoghq/agent:7.64.0-jmx", "7.64.0")]
    [InlineData("registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.15", "2.15.0")]
    [InlineData("docker.elastic.co/beats/filebeat:8.16.1@sha256:0123", "8.16.1")]
    public void FromImage_VersionedTag_ParsesTheLeadingVersion(string image, string expected)
    {
        Assert.Equal(expected, AgentVersion.FromImage(image)?.ToString());
    }

    [Theory]
    [InlineData("otel/opentelemetry-collector-contrib")]
    [InlineData("otel/opentelemetry-collector-contrib:latest")]
    [InlineData("fluent/fluentd-kubernetes-daemonset:v1-debian-forward")]
    [InlineData("otel/opentelemetry-collector-contrib@sha256:0123456789abcdef")]
    [InlineData("registry.local:5000/otel/collector")]
    public void FromImage_NoVersionInTag_Null(string image)
    {
        Assert.Null(AgentVersion.FromImage(image));
    }

    [Fact]
    public void AtLeast_UnknownVersion_NewestBehaviourAndOneNote()
    {
        var notes = new List<string>();

        Assert.True(AgentVersion.AtLeast(null, new AgentVersion(0, 153, 0), "k8sattributes", notes));
        Assert.True(AgentVersion.AtLeast(null, new AgentVersion(0, 153, 0), "k8sattributes", notes));
        Assert.Single(notes);
        Assert.False(AgentVersion.AtLeast(new AgentVersion(0, 152, 9), new AgentVersion(0, 153, 0), "k8sattributes", notes));
        Assert.True(new AgentVersion(1, 0, 0) > new AgentVersion(0, 999, 0));
    }
}
