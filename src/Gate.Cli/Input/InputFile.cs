using Gate.Core;
using Gate.Core.Manifests;

namespace Gate.Cli.Input;

/// <summary>
/// Every file the gate reads because a user (or a pull request, in the Action) named it: manifests, <c>--policy</c>,
/// <c>--profile</c>, <c>--analysis</c>, <c>--manifest</c>, the serve token file. Only regular files are read (a
/// device, FIFO or socket — also behind a symbolic link — is refused before it is opened: <c>/dev/zero</c> reports a
/// length of 0 and never ends, a FIFO blocks the open), and every read stops at a byte cap, whatever length the
/// file system reported. Each refusal is a <see cref="GateUsageException"/> (exit 2, one line).
/// </summary>
internal static class InputFile
{
    /// <summary>Reads <paramref name="full"/> (shown as <paramref name="display"/>) whole, at most <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]> ReadBytesAsync(string full, string display, long maxBytes, CancellationToken cancellationToken)
    {
        RefuseSpecial(full, display);
        try
        {
            await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
            using var content = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (content.Length + read > maxBytes)
                {
                    throw TooLarge(display, maxBytes);
                }

                content.Write(buffer, 0, read);
            }

            return content.ToArray();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new GateUsageException($"cannot read {display}: {ex.Message}", SourcePosition.FileOnly(display), "check the path and its permissions", ex);
        }
    }

    /// <summary>
    /// Reads a YAML or JSON configuration file (policy, cluster profile, health pack, manifest template) with the
    /// manifests' limits: the byte cap, strict UTF-8, and a bounded parse (alias expansion, node count, depth,
    /// documents — <see cref="InputLimits"/>) before the file's own loader sees the text.
    /// </summary>
    public static string ReadConfigText(string full, string display, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        var bytes = ReadBytesAsync(full, display, limits.MaxBytes, CancellationToken.None).GetAwaiter().GetResult();
        var text = TextDecoder.Decode(bytes, display);
        var map = PositionMap.ForFile(display);
        _ = JsonTreeReader.LooksLikeJson(text) ? JsonTreeReader.ReadDocuments(text, map, limits) : YamlTreeReader.ReadDocuments(text, map, limits);
        return text;
    }

    /// <summary>The usage error of an input over <paramref name="maxBytes"/>.</summary>
    public static GateUsageException TooLarge(string display, long maxBytes) =>
        new($"input is more than the {Size(maxBytes)} limit", SourcePosition.FileOnly(display), "pass only the files to check");

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes / 1024} KB";

    private static void RefuseSpecial(string full, string display)
    {
        if (FileKind.Of(full) is { } kind and not FileKind.Kind.Regular and not FileKind.Kind.Directory)
        {
            throw new GateUsageException(
                $"not a regular file but a {FileKind.Describe(kind)}{(File.ResolveLinkTarget(full, returnFinalTarget: true) is { } target ? " (" + target.FullName + ")" : string.Empty)}",
                SourcePosition.FileOnly(display),
                "pass regular files; devices, FIFOs and sockets are never read");
        }
    }
}
