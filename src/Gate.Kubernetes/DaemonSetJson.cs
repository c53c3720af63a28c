using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gate.Core;
using Gate.Core.Rollout;
using k8s;

namespace Gate.Kubernetes;

/// <summary>
/// DaemonSets as JSON (apps/v1 or apps.kruise.io/v1alpha1), so no field the gate does not know is lost: the snapshot
/// the rollout engine reads, the selector, and the strategy and template changes it writes.
/// </summary>
internal static class DaemonSetJson
{
    /// <summary>The label selector string of a DaemonSet's <c>spec.selector</c>.</summary>
    internal static string SelectorString(JsonNode? selector)
    {
        var terms = new List<string>();
        if (selector?["matchLabels"] is JsonObject labels)
        {
            terms.AddRange(labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value?.GetValue<string>()}"));
        }

        if (selector?["matchExpressions"] is JsonArray expressions)
        {
            foreach (var e in expressions.OfType<JsonObject>())
            {
                var key = e["key"]?.GetValue<string>();
                var values = string.Join(',', (e["values"] as JsonArray)?.Select(v => v?.GetValue<string>()) ?? []);
                terms.Add(e["operator"]?.GetValue<string>() switch
                {
                    "In" => $"{key} in ({values})",
                    "NotIn" => $"{key} notin ({values})",
                    "DoesNotExist" => "!" + key,
                    _ => key!,
                });
            }
        }

        return string.Join(',', terms);
    }

    internal static DaemonSetSnapshot Snapshot(JsonObject ds)
    {
        var meta = ds["metadata"]!;
        var spec = ds["spec"];
        var status = ds["status"];
        var strategy = spec?["updateStrategy"];
        var rolling = strategy?["rollingUpdate"];
        return new DaemonSetSnapshot
        {
            ResourceVersion = meta["resourceVersion"]?.GetValue<string>() ?? string.Empty,
            Generation = Long(meta["generation"]),
            ObservedGeneration = Long(status?["observedGeneration"]),
            Strategy = new UpdateStrategySpec(
                strategy?["type"]?.GetValue<string>() ?? "RollingUpdate",
                Text(rolling?["maxUnavailable"]),
                Text(rolling?["maxSurge"]),
                rolling?["partition"] is { } p ? (int)Long(p) : null),
            StateJson = meta["annotations"]?[RolloutState.AnnotationKey]?.GetValue<string>(),
            Images = (spec?["template"]?["spec"]?["containers"] as JsonArray)?.Select(c => c?["image"]?.GetValue<string>() ?? string.Empty).ToList() ?? [],
            DesiredNumberScheduled = (int)Long(status?["desiredNumberScheduled"]),
            NumberReady = (int)Long(status?["numberReady"]),
            UpdatedNumberScheduled = (int)Long(status?["updatedNumberScheduled"]),
            NumberUnavailable = (int)Long(status?["numberUnavailable"]),
            ServiceAccountName = ServiceAccountOf(spec?["template"]),
        };
    }

    internal static void ApplyStrategy(JsonObject spec, UpdateStrategySpec strategy)
    {
        var current = spec["updateStrategy"] as JsonObject ?? [];
        var rolling = current["rollingUpdate"] as JsonObject ?? [];
        var next = new JsonObject { ["type"] = strategy.Type };
        if (strategy.Type == "RollingUpdate")
        {
            var updated = (JsonObject)rolling.DeepClone();
            SetIntOrString(updated, "maxUnavailable", strategy.MaxUnavailable);
            SetIntOrString(updated, "maxSurge", strategy.MaxSurge);
            if (strategy.Partition is { } partition)
            {
                updated["partition"] = partition;
            }
            else
            {
                updated.Remove("partition");
            }

            next["rollingUpdate"] = updated;
        }

        spec["updateStrategy"] = next;
    }

    internal static void ApplyTemplate(JsonObject spec, TemplateChange change, JsonObject? revisionTemplate)
    {
        if (revisionTemplate is not null)
        {
            spec["template"] = revisionTemplate.DeepClone();
        }
        else if (change.TemplateJson is { } json)
        {
            spec["template"] = JsonNode.Parse(json) as JsonObject ?? throw new GateUsageException("the new pod template is not a JSON object");
        }
        else if (change.Image is { } image)
        {
            var containers = spec["template"]?["spec"]?["containers"] as JsonArray ?? throw new GateUsageException("the DaemonSet has no containers");
            var container = change.Container is null
                ? containers.FirstOrDefault()
                : containers.FirstOrDefault(c => c?["name"]?.GetValue<string>() == change.Container)
                    ?? throw new GateUsageException($"the DaemonSet has no container named {change.Container}");
            container!["image"] = image;
        }
    }

    internal static void SetIntOrString(JsonObject target, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        target[key] = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(value);
    }

    internal static string ServiceAccountOf(JsonNode? template)
    {
        var spec = template?["spec"];
        var name = Text(spec?["serviceAccountName"]) ?? Text(spec?["serviceAccount"]);
        return string.IsNullOrEmpty(name) ? "default" : name;
    }

    internal static long Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    internal static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<long>(out var n) => n.ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };

    internal static JsonObject ToNode(object value) => value switch
    {
        JsonObject o => o,
        JsonElement e => JsonObjectOf(e),
        _ => JsonNode.Parse(KubernetesJson.Serialize(value)) as JsonObject ?? [],
    };

    internal static JsonObject JsonObjectOf(JsonElement e) => e.ValueKind == JsonValueKind.Object ? JsonObject.Create(e) ?? [] : [];
}
