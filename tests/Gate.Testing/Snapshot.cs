using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace Gate.Testing;

/// <summary>
/// Snapshot assertions for rendered reports. The approved text lives beside the test as
/// <c>Snapshots/&lt;Class&gt;.&lt;name&gt;.verified.txt</c>. A mismatch or a missing snapshot writes
/// <c>.received.txt</c> next to it and fails; <c>GATE_ACCEPT_SNAPSHOTS=1</c> accepts the received text instead.
/// Verify itself is not served by this project's package feed, so this keeps its file convention and workflow.
/// </summary>
public static class Snapshot
{
    /// <summary>Asserts that <paramref name="actual"/> equals the approved snapshot <paramref name="name"/>.</summary>
    public static void Match(string actual, string name, [CallerFilePath] string callerFile = "", [CallerMemberName] string member = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        var folder = Path.Combine(Path.GetDirectoryName(SourcePath(callerFile))!, "Snapshots");
        var stem = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(callerFile)}.{name}");
        var verified = stem + ".verified.txt";
        var received = stem + ".received.txt";
        var normalized = Normalize(actual);

        if (File.Exists(verified) && Normalize(File.ReadAllText(verified)) == normalized)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(folder);
        if (Environment.GetEnvironmentVariable("GATE_ACCEPT_SNAPSHOTS") == "1" && Environment.GetEnvironmentVariable("CI") != "true")
        {
            File.WriteAllText(verified, normalized);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, normalized);
        var reason = File.Exists(verified) ? "does not match" : "has no approved snapshot";
        throw new XunitException(
            $"{member}: output {reason} {Path.GetFileName(verified)}. Compare with {received}; "
            + "accept with GATE_ACCEPT_SNAPSHOTS=1 when the change is intended.");
    }

    /// <summary>
    /// Deterministic CI builds map source paths to <c>/_/…</c> (ContinuousIntegrationBuild); map them back to the
    /// repository so snapshots are found in every configuration.
    /// </summary>
    private static string SourcePath(string callerFile) =>
        callerFile.StartsWith("/_/", StringComparison.Ordinal) || callerFile.StartsWith("\\_\\", StringComparison.Ordinal)
            ? Path.Combine(RepoPaths.Root, callerFile[3..])
            : callerFile;

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
}
