using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Gate.Cli.Tests.Html;

/// <summary>The demo page in a real browser: headless Chromium's DOM after load, a screenshot kept as an artifact, and the time it takes.</summary>
public partial class ChromiumRenderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DemoPage_RenderedInChromium_ChartsRollbackAndJsonFiguresShown()
    {
        var file = Path.Combine(HtmlDemo.ArtifactFolder, "demo.html");
        await File.WriteAllTextAsync(file, HtmlDemo.Html);

        var (dom, _) = await Chromium.DumpDomAsync(file);

        var charts = ChartPattern().Matches(dom).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["body"].Value, StringComparer.Ordinal);
        Assert.Equal(21, charts.Count); // 7 metrics x (without, with, fixed)
        var withGate = charts.Where(c => c.Key.StartsWith("agent-2-0-with-", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, withGate.Count);
        Assert.All(withGate, c => Assert.Contains("data-marker=\"rollback\"", c.Value, StringComparison.Ordinal));
        Assert.All(withGate, c => Assert.Contains("<title id=", c.Value, StringComparison.Ordinal));
        Assert.All(charts.Where(c => c.Key.StartsWith("agent-2-1-fixed-", StringComparison.Ordinal)), c =>
        {
            Assert.Equal(5, Regex.Matches(c.Value, "data-marker=\"stage\"").Count);
            Assert.DoesNotContain("data-marker=\"rollback\"", c.Value, StringComparison.Ordinal);
        });
        Assert.All(charts.Where(c => c.Key.StartsWith("agent-2-0-without-", StringComparison.Ordinal)), c => Assert.Contains("data-marker=\"event\" data-label=\"first OOM\"", c.Value, StringComparison.Ordinal));

        var json = JsonNode.Parse(HtmlDemo.Json)!;
        var facts = FactPattern().Matches(dom).Select(m => (Key: m.Groups["key"].Value, Value: WebUtility.HtmlDecode(m.Groups["value"].Value), Text: WebUtility.HtmlDecode(m.Groups["text"].Value))).ToList();
        Assert.True(facts.Count >= 20, $"only {facts.Count} figures carry a JSON key");
        foreach (var (key, value, text) in facts)
        {
            var node = key.Split('.').Aggregate((JsonNode?)json, (n, part) => n?[part]);
            Assert.True(node is not null || value == "null", $"{key} is not in the JSON report");
            Assert.Equal(node?.ToJsonString() ?? "null", value);
            if (node is JsonValue number && number.TryGetValue<double>(out var figure))
            {
                var shown = key.EndsWith("Fraction", StringComparison.Ordinal) ? (figure * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%"
                    : key.EndsWith("Seconds", StringComparison.Ordinal) ? null
                    : figure.ToString("N0", CultureInfo.InvariantCulture);
                Assert.True(shown is null || shown == text, $"{key}: the page shows {text}, the JSON report {node.ToJsonString()}");
            }
        }

        Assert.Contains(facts, f => f is { Key: "withGate.outcome", Value: "\"rolled-back\"" });
        Assert.Contains(facts, f => f is { Key: "withGate.detectedAtStage", Value: "1" });
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DemoPage_Screenshot_KeptAsArtifactAndRenderedWithinASecond()
    {
        var folder = HtmlDemo.ArtifactFolder;
        var page = Path.Combine(folder, "demo-timed.html");
        var blank = Path.Combine(folder, "blank.html");
        await File.WriteAllTextAsync(page, HtmlDemo.Html);
        await File.WriteAllTextAsync(blank, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>blank</title></head><body></body></html>\n");

        // The browser's own start dominates a run: the page's cost is its run minus a blank page's (best of three each).
        var pageTimes = new List<TimeSpan>();
        var blankTimes = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            blankTimes.Add((await Chromium.DumpDomAsync(blank)).Elapsed);
            pageTimes.Add((await Chromium.DumpDomAsync(page)).Elapsed);
        }

        var png = Path.Combine(folder, "demo.png");
        File.Delete(png);
        await Chromium.ScreenshotAsync(page, png, 1300, 4200);

        var render = pageTimes.Min() - blankTimes.Min();
        var size = new FileInfo(page).Length;
        var figures = string.Create(CultureInfo.InvariantCulture, $"demo page {size:N0} bytes; chromium --dump-dom best of 3: page {pageTimes.Min().TotalMilliseconds:0} ms, blank {blankTimes.Min().TotalMilliseconds:0} ms, render {render.TotalMilliseconds:0} ms\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "demo-render.txt"), figures);
        output.WriteLine(figures + "screenshot: " + png);

        var bytes = await File.ReadAllBytesAsync(png);
        Assert.True(bytes.Length > 20_000, $"the screenshot has only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.True(size < 1_000_000, figures);
        Assert.True(render < TimeSpan.FromSeconds(1), figures);
    }

    [GeneratedRegex("<svg class=\"chart\"[^>]*data-chart=\"(?<id>[^\"]+)\"[^>]*>(?<body>.*?)</svg>", RegexOptions.Singleline)]
    private static partial Regex ChartPattern();

    [GeneratedRegex("<dd data-key=\"(?<key>[^\"]+)\" data-value=\"(?<value>[^\"]*)\">(?<text>[^<]*)</dd>")]
    private static partial Regex FactPattern();
}
