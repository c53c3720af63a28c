using Gate.Core;
using Gate.Core.Manifests;

namespace Gate.Cli.Reports;

/// <summary>Writes a rendered report to standard output or to the <c>--output</c> file.</summary>
internal static class ReportOutput
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="output"/> (relative to the working directory), or to standard output when null.</summary>
    public static async Task WriteAsync(CliContext context, string? output, string text, CancellationToken cancellationToken, string option = "--output")
    {
        if (output is null)
        {
            await context.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await File.WriteAllTextAsync(context.ResolvePath(output), text, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GateUsageException($"cannot write {output}: {ex.Message}", SourcePosition.FileOnly(output), $"check the {option} path", ex);
        }
    }
}
