using Gate.Cli.Input;
using Gate.Core;
using Gate.Core.Agents;
using Gate.Core.Manifests;
using Gate.Testing;

namespace Gate.Cli.Tests.Input;

public sealed class ManifestInputReaderTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "gate-input-" + Guid.NewGuid().ToString("N"));

    public ManifestInputReaderTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    private ManifestInputReader Reader(string stdin = "", InputLimits? limits = null) =>
        BytesReader(System.Text.Encoding.UTF8.GetBytes(stdin), limits);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public async Task ReadAsync_Folder_RecursiveManifestFilesInOrdinalOrder()
    {
        Write("m/b.yaml", "b: 1");
        Write("m/a.json", "{}");
        Write("m/sub/c.yml", "c: 1");
        Write("m/readme.md", "# not a manifest");

        var sources = await Reader().ReadAsync(["m"]);

        Assert.Equal(["m/a.json", "m/b.yaml", "m/sub/c.yml"], sources.Select(s => s.Path));
    }

    [Fact]
    public async Task ReadAsync_Stdin_ReadFromContextIn()
    {
        var sources = await Reader("kind: x\n").ReadAsync(["-"]);

        var source = Assert.Single(sources);
        Assert.Equal("-", source.Path);
        Assert.Equal("kind: x\n", System.Text.Encoding.UTF8.GetString(source.Content.Span));
    }

    [Fact]
    public async Task ReadAsync_StdinTwice_UsageError()
    {
        await Assert.ThrowsAsync<GateUsageException>(() => Reader().ReadAsync(["-", "-"]));
    }

    [Fact]
    public async Task ReadAsync_MissingPath_UsageErrorNamingThePath()
    {
        var ex = await Assert.ThrowsAsync<GateUsageException>(() => Reader().ReadAsync(["nope.yaml"]));

        Assert.Equal("nope.yaml: no such file or folder (check the path)", ex.ToUserLine());
    }

    [Fact]
    public async Task ReadAsync_EmptyFolder_UsageError()
    {
        Directory.CreateDirectory(Path.Combine(root, "empty"));

        await Assert.ThrowsAsync<GateUsageException>(() => Reader().ReadAsync(["empty"]));
    }

    [Fact]
    public async Task ReadAsync_FileOverLimit_UsageErrorWithoutReading()
    {
        Write("big.yaml", new string('#', 2048));

        var ex = await Assert.ThrowsAsync<GateUsageException>(() => Reader(limits: new InputLimits { MaxBytes = 1024 }).ReadAsync(["big.yaml"]));

        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_StdinOverLimit_UsageError()
    {
        await Assert.ThrowsAsync<GateUsageException>(() => Reader(new string('#', 4096), new InputLimits { MaxBytes = 1024 }).ReadAsync(["-"]));
    }

    [Fact]
    public async Task ReadAsync_CorpusFolder_DiscoversEveryCaseWorkload()
    {
        var context = CliContext.ForWriters(TextWriter.Null, TextWriter.Null);
        var reader = new ManifestInputReader(new CliContext { Console = context.Console, Out = context.Out, Error = context.Error, WorkingDirectory = Path.GetDirectoryName(RepoPaths.Corpus)! });

        var sources = await reader.ReadAsync(["reference"]);
        var result = WorkloadDiscovery.Discover(sources);

        Assert.Equal(12, result.Workloads.Count);
        Assert.All(result.Workloads, w => Assert.StartsWith("reference/", w.Origin!.File, StringComparison.Ordinal));
    }

    private ManifestInputReader BytesReader(byte[] stdin, InputLimits? limits = null)
    {
        var context = CliContext.ForWriters(TextWriter.Null, TextWriter.Null);
        return new ManifestInputReader(
            new CliContext { Console = context.Console, Out = context.Out, Error = context.Error, InputStream = new MemoryStream(stdin), WorkingDirectory = root },
            limits);
    }

    [Fact]
    public async Task ReadAsync_StdinStream_KeepsTheBytes()
    {
        byte[] bytes = [.. "apiVersion: v1\nkind: ConfigMap\n"u8];

        var sources = await BytesReader(bytes).ReadAsync(["-"]);

        Assert.Equal(bytes, Assert.Single(sources).Content.ToArray());
    }

    [Fact]
    public async Task ReadAsync_StdinStreamWithInvalidUtf8_PositionedUsageError()
    {
        byte[] bytes = [.. "apiVersion: v1\nkind: Con"u8, 0xC3, 0x28, .. "figMap\n"u8];
        var sources = await BytesReader(bytes).ReadAsync(["-"]);

        var ex = Assert.Throws<GateUsageException>(() => WorkloadDiscovery.Discover(sources));

        Assert.Equal(new SourcePosition("-", 2, 10), ex.Position);
        Assert.Contains("invalid UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_StdinStreamOverLimit_UsageError()
    {
        var ex = await Assert.ThrowsAsync<GateUsageException>(() => BytesReader(new byte[200_000], new InputLimits { MaxBytes = 100_000 }).ReadAsync(["-"]));

        Assert.Contains("standard input is more than", ex.Message, StringComparison.Ordinal);
    }
}
