using System.Text;
using System.Text.Json;
using Gate.Testing;
using YamlDotNet.RepresentationModel;

namespace Gate.AnalysisHook.Tests;

public class ArgoExampleTests
{
    private static readonly string Examples = RepoPaths.InRepo("policies", "examples", "argo");

    [Theory]
    [InlineData(HookVerdict.Pass, ArgoEmulation.Successful)]
    [InlineData(HookVerdict.Fail, ArgoEmulation.Failed)]
    [InlineData(HookVerdict.Inconclusive, ArgoEmulation.Inconclusive)]
    public async Task WebTemplate_AgainstRealServe_EvaluatesLikeArgo(string verdict, string expectedPhase)
    {
        await using var hook = await HookFixture.StartAsync();
        hook.Source.Judge = _ => Task.FromResult(ScriptedVerdictSource.Verdict(verdict));
        var metric = Metric("analysis-template-web.yaml");
        var web = Map(Map(metric, "provider"), "web");
        var args = new Dictionary<string, string> { ["namespace"] = "kube-system", ["workload"] = "otel-agent", ["gate-token"] = HookFixture.Token };

        var url = new Uri(ArgoEmulation.Substitute(Scalar(web, "url"), args));
        using var request = new HttpRequestMessage(new HttpMethod(Scalar(web, "method")), new Uri(hook.Server.Address, url.PathAndQuery));
        foreach (YamlMappingNode header in (YamlSequenceNode)web["headers"])
        {
            var name = Scalar(header, "key");
            var value = ArgoEmulation.Substitute(Scalar(header, "value"), args);
            if (name != "Content-Type")
            {
                request.Headers.Add(name, value);
            }
        }

        request.Content = new StringContent(JsonBody(Map(web, "jsonBody"), args), Encoding.UTF8, "application/json");
        using var response = await hook.Client.SendAsync(request);
        var result = ArgoEmulation.ExtractJsonPath(await response.Content.ReadAsStringAsync(), Scalar(web, "jsonPath"));

        Assert.True(int.Parse(Scalar(web, "timeoutSeconds"), System.Globalization.CultureInfo.InvariantCulture) < 10);
        Assert.Equal(expectedPhase, ArgoEmulation.Evaluate(result, Scalar(metric, "successCondition"), Scalar(metric, "failureCondition")));
        Assert.Equal(new AnalysisQuery("kube-system", "otel-agent", null, 300), hook.Source.LastQuery);
    }

    [Fact]
    public void WebTemplate_ConsecutiveErrorLimitSet_ToleratesTransientErrors()
    {
        var metric = Metric("analysis-template-web.yaml");

        Assert.True(int.Parse(Scalar(metric, "consecutiveErrorLimit"), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public void JobTemplate_RunsAnalyzeOnceWithExitCode()
    {
        var metric = Metric("analysis-template-job.yaml");
        var jobSpec = Map(Map(Map(metric, "provider"), "job"), "spec");
        var container = (YamlMappingNode)((YamlSequenceNode)Map(Map(jobSpec, "template"), "spec")["containers"])[0];
        var args = ((YamlSequenceNode)container["args"]).Select(a => ((YamlScalarNode)a).Value).ToList();

        Assert.Equal(["analyze", "--once", "--exit-code"], args.Take(3));
        Assert.Equal("0", Scalar(jobSpec, "backoffLimit"));
    }

    [Fact]
    public void RolloutExample_ReferencesBothTemplates()
    {
        var rollout = File.ReadAllText(Path.Combine(Examples, "rollout.yaml"));
        var names = new[] { "analysis-template-web.yaml", "analysis-template-job.yaml" }
            .Select(f => Scalar(Map(Load(f), "metadata"), "name"));

        Assert.All(names, name => Assert.Contains("templateName: " + name, rollout, StringComparison.Ordinal));
    }

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Examples, file));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Metric(string file) => (YamlMappingNode)((YamlSequenceNode)Map(Load(file), "spec")["metrics"])[0];

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? string.Empty;

    private static string JsonBody(YamlMappingNode body, IReadOnlyDictionary<string, string> args)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            foreach (var (key, value) in body.Children)
            {
                var scalar = (YamlScalarNode)value;
                var text = ArgoEmulation.Substitute(scalar.Value ?? string.Empty, args);
                if (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && long.TryParse(text, out var number))
                {
                    json.WriteNumber(((YamlScalarNode)key).Value!, number);
                }
                else
                {
                    json.WriteString(((YamlScalarNode)key).Value!, text);
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
