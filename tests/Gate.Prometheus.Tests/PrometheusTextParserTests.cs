namespace Gate.Prometheus.Tests;

public class PrometheusTextParserTests
{
    [Fact]
    public void Parse_ApiServerExcerpt_ReadsNamesLabelsAndValues()
    {
        const string text = """
            # HELP apiserver_request_total [STABLE] Counter of apiserver requests.
            # TYPE apiserver_request_total counter
            apiserver_request_total{code="200",component="apiserver",verb="LIST"} 1.2345e+06
            apiserver_request_duration_seconds_bucket{verb="GET",le="+Inf"} 42
            process_resident_memory_bytes 1.073741824e+09 1700000000000
            weird{path="C:\\dir",quote="say \"hi\"",nl="a\nb"} NaN
            edge{le="-Inf"} -Inf
            """;

        var samples = PrometheusTextParser.Parse(text);

        Assert.Equal(5, samples.Count);
        Assert.Equal("apiserver_request_total", samples[0].Name);
        Assert.Equal("LIST", samples[0].Label("verb"));
        Assert.Equal(1234500, samples[0].Value);
        Assert.Equal("+Inf", samples[1].Label("le"));
        Assert.Equal(1073741824, samples[2].Value);
        Assert.Equal("C:\\dir", samples[3].Label("path"));
        Assert.Equal("say \"hi\"", samples[3].Label("quote"));
        Assert.Equal("a\nb", samples[3].Label("nl"));
        Assert.True(double.IsNaN(samples[3].Value));
        Assert.Equal(double.NegativeInfinity, samples[4].Value);
        Assert.Equal(string.Empty, samples[4].Label("absent"));
    }

    [Fact]
    public void Parse_SeriesTable_SharesEachSeriesAcrossScrapesWithTheSameValues()
    {
        const string first = """
            apiserver_request_total{code="200",verb="LIST"} 10
            weird{quote="say \"}\" now",path="C:\\"} 1 1700000000000
            brace{v="a}b"} 2 # {trace_id="abc"} 0.4
            process_resident_memory_bytes 5
            """;
        var second = first.Replace("} 10", "} 11", StringComparison.Ordinal).Replace(" 5", " 6", StringComparison.Ordinal);
        var table = new SeriesTable();

        var a = PrometheusTextParser.Parse(first, table);
        var b = PrometheusTextParser.Parse(second, table);
        var plain = PrometheusTextParser.Parse(second);

        Assert.Equal(4, table.Count);
        Assert.Equal(plain.Select(s => (s.Name, string.Join(",", s.Labels.OrderBy(l => l.Key)), s.Value)), b.Select(s => (s.Name, string.Join(",", s.Labels.OrderBy(l => l.Key)), s.Value)));
        Assert.All(a.Zip(b), pair => Assert.Same(pair.First.Labels, pair.Second.Labels));
        Assert.Equal("say \"}\" now", b[1].Label("quote"));
        Assert.Equal("a}b", b[2].Label("v"));
        Assert.Equal([10.0, 1, 2, 5], a.Select(s => s.Value));
        Assert.Equal([11.0, 1, 2, 6], b.Select(s => s.Value));
    }

    [Fact]
    public void Parse_OpenMetricsExemplarAndTrailingComma_AreAccepted()
    {
        var samples = PrometheusTextParser.Parse("foo_bucket{le=\"0.5\",} 3 # {trace_id=\"abc\"} 0.4\r\n");

        Assert.Equal(3, Assert.Single(samples).Value);
    }

    [Theory]
    [InlineData("ok 1\nbroken{a=\"x} 1\n", "line 2: unterminated value of label 'a'")]
    [InlineData("ok 1\n\nno_value\n", "line 3: expected a value after 'no_value'")]
    [InlineData("x{a=1} 2", "line 1: expected label=\"value\"")]
    [InlineData("x 12abc", "line 1: bad value '12abc'")]
    [InlineData("{a=\"b\"} 1", "line 1: expected a metric name")]
    public void Parse_MalformedLine_NamesTheLine(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => PrometheusTextParser.Parse(text));

        Assert.Equal(message, ex.Message);
    }
}
