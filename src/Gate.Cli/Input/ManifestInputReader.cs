using Gate.Core;
using Gate.Core.Manifests;

namespace Gate.Cli.Input;

/// <summary>
/// The only part of ingestion that touches the file system: turns the PATH arguments of <c>gate estimate</c> /
/// <c>gate check</c> into <see cref="ManifestSource"/>s. A PATH is a file, a folder (every <c>*.yaml</c>,
/// <c>*.yml</c>, <c>*.json</c> below it, in ordinal path order; marked <see cref="ManifestSource.FromFolder"/>) or
/// <c>-</c> (standard input). Missing or unreadable paths, inputs over the size limit and devices, FIFOs or sockets
/// (<see cref="InputFile"/>) are
/// <see cref="GateUsageException"/>s (exit 2).
/// </summary>
public sealed class ManifestInputReader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];
    private readonly CliContext context;
    private readonly InputLimits limits;

    public ManifestInputReader(CliContext context, InputLimits? limits = null)
    {
        this.context = context ?? throw new ArgumentNullException(nameof(context));
        this.limits = limits ?? InputLimits.Default;
    }

    /// <summary>Reads every PATH; the result keeps the argument order, folders expanded in ordinal order.</summary>
    public async Task<IReadOnlyList<ManifestSource>> ReadAsync(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sources = new List<ManifestSource>();
        var stdinRead = false;
        foreach (var path in paths)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new GateUsageException("an empty PATH was given", null, "pass a file, a folder or '-'");
            }

            if (path == "-")
            {
                if (stdinRead)
                {
                    throw new GateUsageException("'-' (standard input) was given twice", null, "pass '-' once");
                }

                stdinRead = true;
                sources.Add(await ReadStdinAsync(cancellationToken).ConfigureAwait(false));
                continue;
            }

            var full = context.ResolvePath(path);
            if (Directory.Exists(full))
            {
                var files = EnumerateFolder(full, path);
                if (files.Count == 0)
                {
                    throw new GateUsageException($"folder {path} holds no *.yaml, *.yml or *.json files", SourcePosition.FileOnly(path), "point at the manifests");
                }

                foreach (var (fullPath, display) in files)
                {
                    sources.Add(await ReadFileAsync(fullPath, display, cancellationToken).ConfigureAwait(false) with { FromFolder = true });
                }
            }
            else if (File.Exists(full))
            {
                sources.Add(await ReadFileAsync(full, path, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                throw new GateUsageException("no such file or folder", SourcePosition.FileOnly(path), "check the path");
            }
        }

        return sources;
    }

    private List<(string Full, string Display)> EnumerateFolder(string full, string display)
    {
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
            return Directory.EnumerateFiles(full, "*", options)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Select(f => (Full: f, Display: Path.Combine(display, Path.GetRelativePath(full, f)).Replace('\\', '/')))
                .OrderBy(f => f.Display, StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new GateUsageException($"cannot read folder {display}: {ex.Message}", SourcePosition.FileOnly(display), "check the permissions", ex);
        }
    }

    private async Task<ManifestSource> ReadFileAsync(string full, string display, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(full);
            if (info.Length > limits.MaxBytes)
            {
                throw new GateUsageException(
                    $"input is {info.Length / (1024.0 * 1024.0):F1} MB, more than the {limits.MaxBytes / (1024 * 1024)} MB limit",
                    SourcePosition.FileOnly(display),
                    "pass only the manifests of the workloads to check");
            }

            // The length is what the file system says (0 for a device); the read itself is capped too.
            var bytes = await InputFile.ReadBytesAsync(full, display, limits.MaxBytes, cancellationToken).ConfigureAwait(false);
            return new ManifestSource(display, bytes);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new GateUsageException($"cannot read {display}: {ex.Message}", SourcePosition.FileOnly(display), "check the path and its permissions", ex);
        }
    }

    /// <summary>Reads standard input as bytes (so <see cref="TextDecoder"/> rejects invalid UTF-8 with its position), at most the size limit.</summary>
    private async Task<ManifestSource> ReadStdinAsync(CancellationToken cancellationToken)
    {
        var stream = context.InputStream;
        using var content = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            content.Write(buffer, 0, read);
            if (content.Length > limits.MaxBytes)
            {
                throw new GateUsageException(
                    $"standard input is more than the {limits.MaxBytes / (1024 * 1024)} MB limit",
                    SourcePosition.FileOnly("-"),
                    "pass only the manifests of the workloads to check");
            }
        }

        return new ManifestSource("-", content.ToArray());
    }
}
