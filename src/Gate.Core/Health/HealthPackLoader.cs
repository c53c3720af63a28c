using System.Globalization;
using System.Reflection;
using Gate.Core.Manifests;
using YamlDotNet.RepresentationModel;

namespace Gate.Core.Health;

/// <summary>
/// Loads health packs: the built-in policies/health.yaml (embedded), optionally patched by a user pack
/// (<c>--analysis FILE</c>: same schema; a signal with a known id overrides only the fields it sets, a new id needs
/// <c>title</c> and <c>promql</c>) and a cluster's overrides (<c>clusters.NAME</c>). Every error is one positioned line.
/// </summary>
public static class HealthPackLoader
{
    /// <summary>Resource name of the built-in pack.</summary>
    public const string BuiltInName = "policies/health.yaml";

    /// <summary>Resource name of the schema.</summary>
    public const string SchemaName = "policies/health.schema.json";

    private const string Hint = "see policies/health.schema.json and docs/health.md";

    /// <summary>The text of the built-in pack.</summary>
    public static string BuiltInText => Resource(BuiltInName);

    /// <summary>The JSON schema every pack is validated against.</summary>
    public static string SchemaText => Resource(SchemaName);

    /// <summary>The built-in pack, with the overrides of <paramref name="cluster"/> when given.</summary>
    public static HealthPack BuiltIn(string? cluster = null) => Load([(BuiltInText, BuiltInName)], cluster);

    /// <summary>
    /// Loads the built-in pack, applies each (text, source name) document in order, then the overrides of
    /// <paramref name="cluster"/> (searched in every document; an unknown cluster is an error).
    /// </summary>
    public static HealthPack Load(IReadOnlyList<(string Text, string Source)> documents, string? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var builder = new PackBuilder();
        var roots = new List<(YamlMappingNode Root, string Source)>();
        foreach (var (text, source) in documents)
        {
            var root = YamlSchemaValidator.ParseMapping(text, source);
            YamlSchemaValidator.Validate(root, SchemaText, source, Hint);
            builder.Apply(root, source);
            roots.Add((root, source));
        }

        var sources = string.Join(" + ", documents.Select(d => d.Source));
        if (cluster is not null)
        {
            var found = false;
            foreach (var (root, source) in roots)
            {
                if (Child(root, "clusters") is YamlMappingNode clusters && Child(clusters, cluster) is YamlMappingNode overrides)
                {
                    builder.ApplyCluster(overrides, source);
                    found = true;
                }
            }

            if (!found)
            {
                var known = roots.SelectMany(r => Child(r.Root, "clusters") is YamlMappingNode c ? c.Children.Keys.Select(k => k.ToString()) : []).Distinct().Order(StringComparer.Ordinal).ToList();
                throw new GateUsageException(
                    $"cluster '{cluster}' has no overrides in {sources}",
                    SourcePosition.FileOnly(documents[^1].Source),
                    known.Count == 0 ? "add clusters." + cluster + " to the pack" : "known clusters: " + string.Join(", ", known));
            }

            sources += $" (cluster {cluster})";
        }

        return builder.Build(sources);
    }

    /// <summary>Loads the built-in pack patched by one user document.</summary>
    public static HealthPack LoadWithOverlay(string overlayText, string overlaySource, string? cluster = null) =>
        Load([(BuiltInText, BuiltInName), (overlayText, overlaySource)], cluster);

    internal static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(p => (p.Key as YamlScalarNode)?.Value == key).Value;

    private static string Resource(string name)
    {
        using var stream = typeof(HealthPackLoader).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("missing embedded resource " + name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Accumulates settings, signals and the projection across documents.</summary>
    private sealed class PackBuilder
    {
        private readonly List<HealthSignal> signals = [];
        private readonly List<ProjectionMetric> metrics = [];
        private HealthSettings settings = new();
        private string? flowSchema;

        public void Apply(YamlMappingNode root, string source)
        {
            if (Child(root, "settings") is YamlMappingNode s)
            {
                settings = ApplySettings(settings, s);
            }

            if (Child(root, "signals") is YamlSequenceNode list)
            {
                foreach (var node in list.Children.OfType<YamlMappingNode>())
                {
                    ApplySignal(node, source);
                }
            }

            if (Child(root, "projection") is YamlMappingNode projection)
            {
                flowSchema = Str(projection, "flowSchema") ?? flowSchema;
                if (Child(projection, "metrics") is YamlSequenceNode ms)
                {
                    foreach (var node in ms.Children.OfType<YamlMappingNode>())
                    {
                        ApplyMetric(node, source);
                    }
                }
            }
        }

        public void ApplyCluster(YamlMappingNode overrides, string source)
        {
            if (Child(overrides, "settings") is YamlMappingNode s)
            {
                settings = ApplySettings(settings, s);
            }

            if (Child(overrides, "signals") is YamlMappingNode map)
            {
                foreach (var (key, value) in map.Children)
                {
                    var id = ((YamlScalarNode)key).Value!;
                    var index = signals.FindIndex(x => x.Id == id);
                    if (index < 0)
                    {
                        throw new GateUsageException($"unknown signal '{id}'", YamlSchemaValidator.At(source, key.Start), "known signals: " + string.Join(", ", signals.Select(x => x.Id)));
                    }

                    signals[index] = Patch(signals[index], (YamlMappingNode)value);
                }
            }

            if (Child(overrides, "projection") is YamlMappingNode projection)
            {
                flowSchema = Str(projection, "flowSchema") ?? flowSchema;
                if (Child(projection, "budgets") is YamlMappingNode budgets)
                {
                    foreach (var (key, value) in budgets.Children)
                    {
                        var id = ((YamlScalarNode)key).Value!;
                        var index = metrics.FindIndex(x => x.Id == id);
                        if (index < 0)
                        {
                            throw new GateUsageException($"unknown projection metric '{id}'", YamlSchemaValidator.At(source, key.Start), "known metrics: " + string.Join(", ", metrics.Select(x => x.Id)));
                        }

                        metrics[index] = metrics[index] with { Budget = Number((YamlScalarNode)value) };
                    }
                }
            }
        }

        public HealthPack Build(string source) => new()
        {
            Settings = settings,
            Signals = signals.ToList(),
            Projection = metrics.Count == 0 ? null : new ProjectionSpec { FlowSchema = flowSchema ?? new ProjectionSpec { Metrics = [] }.FlowSchema, Metrics = metrics.ToList() },
            Source = source,
        };

        private void ApplySignal(YamlMappingNode node, string source)
        {
            var id = Str(node, "id")!;
            var position = YamlSchemaValidator.At(source, node.Start);
            var index = signals.FindIndex(x => x.Id == id);
            if (index >= 0)
            {
                signals[index] = Patch(signals[index], node) with
                {
                    Title = Str(node, "title") ?? signals[index].Title,
                    Unit = Str(node, "unit") ?? signals[index].Unit,
                    Expression = Str(node, "promql") ?? signals[index].Expression,
                    Scrape = Child(node, "scrape") is YamlMappingNode sc ? Scrape(sc) : signals[index].Scrape,
                    Canary = Bool(node, "canary") ?? signals[index].Canary,
                    Position = position,
                };
                return;
            }

            var title = Str(node, "title");
            var promql = Str(node, "promql");
            if (title is null || promql is null)
            {
                throw new GateUsageException($"signal '{id}' is new and needs 'title' and 'promql'", position, "or use the id of a built-in signal to override its thresholds");
            }

            var signal = new HealthSignal
            {
                Id = id,
                Title = title,
                Expression = promql,
                Unit = Str(node, "unit") ?? "count",
                Scrape = Child(node, "scrape") is YamlMappingNode scrape ? Scrape(scrape) : null,
                Canary = Bool(node, "canary") ?? false,
                Position = position,
            };
            signals.Add(Patch(signal, node));
        }

        private void ApplyMetric(YamlMappingNode node, string source)
        {
            var id = Str(node, "id")!;
            var index = metrics.FindIndex(x => x.Id == id);
            var existing = index >= 0 ? metrics[index] : null;
            var title = Str(node, "title") ?? existing?.Title;
            var promql = Str(node, "promql") ?? existing?.Expression;
            var budget = Child(node, "budget") is YamlScalarNode b ? Number(b) : existing?.Budget;
            if (title is null || promql is null || budget is null)
            {
                throw new GateUsageException($"projection metric '{id}' is new and needs 'title', 'promql' and 'budget'", YamlSchemaValidator.At(source, node.Start), Hint);
            }

            var metric = new ProjectionMetric
            {
                Id = id,
                Title = title,
                Expression = promql,
                Budget = budget.Value,
                Unit = Str(node, "unit") ?? existing?.Unit ?? "req/s",
                Scrape = Child(node, "scrape") is YamlMappingNode sc ? Scrape(sc) : existing?.Scrape,
                EventBytesExpression = Child(node, "perWatch") is YamlMappingNode pw ? Str(pw, "eventBytes") : existing?.EventBytesExpression,
            };
            if (index >= 0)
            {
                metrics[index] = metric;
            }
            else
            {
                metrics.Add(metric);
            }
        }

        private static HealthSignal Patch(HealthSignal signal, YamlMappingNode node)
        {
            var result = signal with
            {
                Aggregation = Str(node, "aggregation") is { } a ? Enum.Parse<Aggregation>(a, ignoreCase: true) : signal.Aggregation,
                Required = Bool(node, "required") ?? signal.Required,
            };
            if (Child(node, "max") is YamlScalarNode max)
            {
                result = result with { Max = NullableNumber(max) };
            }

            if (Child(node, "min") is YamlScalarNode min)
            {
                result = result with { Min = NullableNumber(min) };
            }

            if (Child(node, "baseline") is { } baseline)
            {
                result = result with { Baseline = baseline is YamlMappingNode b ? Baseline(result.Baseline ?? new BaselineRule(), b) : null };
            }

            return result;
        }

        private static BaselineRule Baseline(BaselineRule rule, YamlMappingNode node) => rule with
        {
            MaxRatio = Child(node, "maxRatio") is YamlScalarNode r ? Number(r) : rule.MaxRatio,
            MinDelta = Child(node, "minDelta") is YamlScalarNode d ? Number(d) : rule.MinDelta,
            MannWhitney = Bool(node, "mannWhitney") ?? rule.MannWhitney,
        };

        private static HealthSettings ApplySettings(HealthSettings s, YamlMappingNode node) => s with
        {
            Window = Duration(node, "window") ?? s.Window,
            Step = Duration(node, "step") ?? s.Step,
            RateWindow = Duration(node, "rateWindow") ?? s.RateWindow,
            BaselineOffset = Duration(node, "baselineOffset") ?? s.BaselineOffset,
            InconclusiveLimit = Child(node, "inconclusiveLimit") is YamlScalarNode l ? (int)Number(l) : s.InconclusiveLimit,
            MinSamples = Child(node, "minSamples") is YamlScalarNode m ? (int)Number(m) : s.MinSamples,
            Alpha = Child(node, "alpha") is YamlScalarNode al ? Number(al) : s.Alpha,
            ApiServerJob = Str(node, "apiServerJob") ?? s.ApiServerJob,
        };

        private static ScrapeSpec Scrape(YamlMappingNode node)
        {
            var denominator = Child(node, "denominator") is YamlMappingNode d ? Scrape(d) : null;
            return new ScrapeSpec
            {
                Kind = Str(node, "kind") switch
                {
                    "histogram-quantile" => ScrapeKind.HistogramQuantile,
                    "counter-rate" => ScrapeKind.CounterRate,
                    "counter-ratio" => ScrapeKind.CounterRatio,
                    "gauge-ratio" => ScrapeKind.GaugeRatio,
                    "probe" => ScrapeKind.Probe,
                    _ => ScrapeKind.Gauge,
                },
                Metric = Str(node, "metric") ?? string.Empty,
                Quantile = Child(node, "quantile") is YamlScalarNode q ? Number(q) : 0.99,
                Path = Str(node, "path") ?? "/readyz",
                Match = Child(node, "match") is YamlMappingNode m ? m.Children.Select(p => Match(((YamlScalarNode)p.Key).Value!, ((YamlScalarNode)p.Value).Value ?? string.Empty)).ToList() : [],
                Denominator = denominator,
                AbsentIsZero = Str(node, "absent") == "zero",
            };
        }

        private static LabelMatch Match(string label, string spec)
        {
            var negate = spec.StartsWith('!');
            var values = (negate ? spec[1..] : spec).Split('|');
            return new LabelMatch(label, values, negate);
        }

        private static string? Str(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

        private static bool? Bool(YamlMappingNode node, string key) => Str(node, key) is { } v ? string.Equals(v, "true", StringComparison.OrdinalIgnoreCase) : null;

        private static double Number(YamlScalarNode node) => double.Parse(node.Value!, NumberStyles.Float, CultureInfo.InvariantCulture);

        private static double? NullableNumber(YamlScalarNode node) =>
            YamlSchemaValidator.ToJson(node) is null ? null : Number(node);

        private static TimeSpan? Duration(YamlMappingNode node, string key) => Str(node, key) is { } v ? ParseDuration(v) : null;
    }

    /// <summary>Parses <c>500ms</c>, <c>15s</c>, <c>5m</c>, <c>1h</c> (the schema has checked the form).</summary>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var unitStart = text.TakeWhile(char.IsAsciiDigit).Count();
        var n = long.Parse(text.AsSpan(0, unitStart), NumberStyles.None, CultureInfo.InvariantCulture);
        return text[unitStart..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => throw new FormatException("bad duration " + text),
        };
    }
}
