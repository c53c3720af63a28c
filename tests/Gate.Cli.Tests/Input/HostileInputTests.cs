using System.Diagnostics;
using System.Net.Sockets;
using Gate.Cli.Commands.Rollout;
using Gate.Cli.Input;
using Gate.Cli.Tests.Estimate;
using Gate.Core;
using Gate.Testing;

namespace Gate.Cli.Tests.Input;

/// <summary>
/// Inputs a pull request controls in the Action (issue #21): devices, FIFOs and sockets among the manifests, and
/// alias bombs as the policy, the cluster profile, the health pack or the rollout manifest. Each is exit 2 and one
/// line, fast, never a read of the endless or exponential content.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    // 9 levels of 10 aliases each: 10^9 nodes once expanded, from a few hundred bytes.
    private const string AliasBomb = """
        a: &a ["x","x","x","x","x","x","x","x","x","x"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
        """;

    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("gate-hostile-");

    public void Dispose() => root.Delete(recursive: true);

    [Theory]
    [InlineData("/dev/zero", "character device")]
    [InlineData("/dev/urandom", "character device")]
    public async Task Check_FolderWithSymlinkToDevice_ExitsTwoNamingTheFile(string device, string kind)
    {
        var folder = ManifestFolder();
        File.CreateSymbolicLink(Path.Combine(folder, "zz-device.yaml"), device);

        var result = await TimedAsync(() => CorpusRun.RunInAsync(root.FullName, "check", "m"));

        AssertOneLine(result, "m/zz-device.yaml", "not a regular file but a " + kind);
    }

    [Fact]
    public async Task Check_FifoInFolder_RefusedWithoutOpeningIt()
    {
        var folder = ManifestFolder();
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(folder, "zz-pipe.yaml")))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var result = await TimedAsync(() => CorpusRun.RunInAsync(root.FullName, "check", "m"));

        AssertOneLine(result, "m/zz-pipe.yaml", "FIFO");
    }

    [Fact]
    public async Task Check_SocketAsPath_Refused()
    {
        var path = Path.Combine(root.FullName, "gate.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        var result = await TimedAsync(() => CorpusRun.RunInAsync(root.FullName, "check", "gate.sock"));

        AssertOneLine(result, "gate.sock", "socket");
    }

    [Theory]
    [InlineData("--policy")]
    [InlineData("--profile")]
    public async Task Check_AliasBombAsOption_ExitsTwoWithinSeconds(string option)
    {
        ManifestFolder();
        await File.WriteAllTextAsync(Path.Combine(root.FullName, "bomb.yaml"), AliasBomb);

        var result = await TimedAsync(() => CorpusRun.RunInAsync(root.FullName, "check", "m", option, "bomb.yaml"));

        AssertOneLine(result, "bomb.yaml", "YAML aliases expand to more than");
    }

    [Theory]
    [InlineData("analyze", "--once")]
    [InlineData("serve", "--token-file", "token")]
    public async Task Analysis_AliasBomb_ExitsTwoWithinSeconds(params string[] command)
    {
        await File.WriteAllTextAsync(Path.Combine(root.FullName, "bomb.yaml"), AliasBomb);
        await File.WriteAllTextAsync(Path.Combine(root.FullName, "token"), new string('t', 40));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(root.FullName, "token"), UnixFileMode.UserRead);
        }

        var result = await TimedAsync(() => CorpusRun.RunInAsync(root.FullName, [.. command, "--prometheus", "http://127.0.0.1:9", "--analysis", "bomb.yaml"]));

        AssertOneLine(result, "bomb.yaml", "YAML aliases expand to more than");
    }

    [Fact]
    public void ManifestTemplate_AliasBomb_UsageError()
    {
        var path = Path.Combine(root.FullName, "bomb.yaml");
        File.WriteAllText(path, AliasBomb);

        var ex = Assert.Throws<GateUsageException>(() => ManifestTemplate.Read(path, "agent"));

        Assert.Contains("YAML aliases expand to more than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadBytesAsync_FileOverTheCap_UsageError()
    {
        var path = Path.Combine(root.FullName, "big.yaml");
        await File.WriteAllTextAsync(path, new string('#', 4096));

        var ex = await Assert.ThrowsAsync<GateUsageException>(() => InputFile.ReadBytesAsync(path, "big.yaml", 1024, CancellationToken.None));

        Assert.Equal("big.yaml: input is more than the 1 KB limit (pass only the files to check)", ex.ToUserLine());
    }

    private static async Task<CliResult> TimedAsync(Func<Task<CliResult>> run)
    {
        var task = run();
        var finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.True(finished == task, "the gate did not stop within 20 s");
        return await task;
    }

    private static void AssertOneLine(CliResult result, string file, string what)
    {
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains(file, line, StringComparison.Ordinal);
        Assert.Contains(what, line, StringComparison.Ordinal);
    }

    private string ManifestFolder()
    {
        var folder = Path.Combine(root.FullName, "m");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Corpus, "vector-kubernetes-logs"), "*.yaml"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }
}
