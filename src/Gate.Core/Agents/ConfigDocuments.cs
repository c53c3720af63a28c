using Gate.Core.Manifests;

namespace Gate.Core.Agents;

/// <summary>Parses agent config files (YAML or JSON) into position-carrying trees; unparsable files are skipped with a note.</summary>
public static class ConfigDocuments
{
    /// <summary>True for extensions that hold YAML or JSON configs (or none).</summary>
    public static bool IsYamlLike(ConfigFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Extension is ".yaml" or ".yml" or ".json" or "";
    }

    /// <summary>The root mapping of a YAML/JSON config file, or null when it is not a mapping or does not parse.</summary>
    public static ManifestMapping? ReadMapping(ConfigFile file, InputLimits limits, ICollection<string>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            var docs = JsonTreeReader.LooksLikeJson(file.Text)
                ? JsonTreeReader.ReadDocuments(file.Text, file.Positions, limits)
                : YamlTreeReader.ReadDocuments(file.Text, file.Positions, limits);
            return docs.FirstOrDefault(d => d is not null) as ManifestMapping;
        }
        catch (GateUsageException ex)
        {
            notes?.Add($"could not read {file.ConfigMapName}/{file.Key}: {ex.Message}");
            return null;
        }
    }

    /// <summary>Reads a duration (<c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1h30m</c>, <c>250ms</c> or plain seconds) in seconds.</summary>
    public static double? Seconds(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var plain))
        {
            return plain;
        }

        double total = 0;
        var i = 0;
        var any = false;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text[start..i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            var unitStart = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            var factor = text[unitStart..i] switch
            {
                "ms" => 0.001,
                "s" or "" => 1,
                "m" => 60,
                "h" => 3600,
                "d" => 86400,
                _ => double.NaN,
            };
            if (double.IsNaN(factor))
            {
                return null;
            }

            total += number * factor;
            any = true;
        }

        return any ? total : null;
    }

    /// <summary>
    /// Looks up a dotted path where the config may spell keys nested or dotted (libbeat:
    /// <c>filebeat.autodiscover.providers</c> or <c>filebeat: {autodiscover: …}</c>).
    /// </summary>
    public static ManifestNode? Lookup(ManifestMapping? mapping, string dottedPath)
    {
        ArgumentNullException.ThrowIfNull(dottedPath);
        return mapping is null ? null : Lookup(mapping, dottedPath.Split('.'), 0);
    }

    private static ManifestNode? Lookup(ManifestMapping mapping, string[] parts, int start)
    {
        for (var end = parts.Length; end > start; end--)
        {
            var value = mapping[string.Join('.', parts[start..end])];
            if (value is null)
            {
                continue;
            }

            if (end == parts.Length)
            {
                return value;
            }

            if (value is ManifestMapping child && Lookup(child, parts, end) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
