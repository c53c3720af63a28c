using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Xml.Linq;
using Gate.Testing;

namespace Gate.Native.Tests;

/// <summary>
/// Gate.Tool as .NET 10 RID-specific tool packages (scripts/pack-tool.sh): `dotnet tool install Gate.Tool` from a feed
/// holding only them gives this machine's native gate, and every other platform the framework-dependent one.
/// Uses <c>$GATE_TOOL_PACKAGES</c> when scripts/test.sh packed them, else packs them itself (minutes).
/// </summary>
public sealed class ToolPackageTests
{
    private static readonly string Rid = RuntimeInformation.RuntimeIdentifier;

    [Fact]
    public async Task DotnetToolInstall_FromThePackages_InstallsTheNativeGateOfThisRid()
    {
        var packages = await PackagesAsync();
        var tools = Directory.CreateTempSubdirectory("gate-tool-").FullName;
        var config = Path.Combine(tools, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="gate" value="{packages}" /></packageSources></configuration>
            """);

        // A private package cache: the global one may hold an older build of the same version.
        var cache = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(tools, ".packages") };
        var install = await NativeGate.RunProcessAsync(
            "dotnet", ["tool", "install", "Gate.Tool", "--version", Version(packages), "--tool-path", tools, "--configfile", config], cache, null, tools, TimeSpan.FromMinutes(5));

        Assert.True(install.ExitCode == 0, install.Output + install.Error);
        var gate = Path.Combine(tools, "gate");
        var target = new FileInfo(gate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? gate;
        Assert.Contains($"gate.tool.{Rid}", target, StringComparison.Ordinal);
        Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(target)[..4]);
        var estimate = await NativeGate.RunProcessAsync(
            gate, ["estimate", RepoPaths.InRepo("tests", "corpus", "reference", "node-exporter"), "--profile", "large", "--format", "json"], NoVariables, null, tools, TimeSpan.FromMinutes(1));
        Assert.True(estimate.ExitCode == 0, estimate.Error);
        using var json = JsonDocument.Parse(estimate.Output);
        Assert.Equal(5000, json.RootElement.GetProperty("cluster").GetProperty("nodes").GetInt32());
    }

    [Fact]
    public async Task PointerPackage_NamesThisRidAndTheFrameworkDependentFallback()
    {
        var packages = await PackagesAsync();
        var version = Version(packages);

        var settings = ToolSettings(Path.Combine(packages, $"Gate.Tool.{version}.nupkg"));
        var any = ToolSettings(Path.Combine(packages, $"Gate.Tool.any.{version}.nupkg"));

        var rids = settings.Descendants("RuntimeIdentifierPackage").ToDictionary(e => (string)e.Attribute("RuntimeIdentifier")!, e => (string)e.Attribute("Id")!);
        Assert.Equal(new Dictionary<string, string> { [Rid] = $"Gate.Tool.{Rid}", ["any"] = "Gate.Tool.any" }, rids);
        Assert.Equal("gate", (string)settings.Descendants("Command").Single().Attribute("Name")!);
        Assert.Equal("dotnet", (string)any.Descendants("Command").Single().Attribute("Runner")!);
        Assert.True(File.Exists(Path.Combine(packages, $"Gate.Tool.{Rid}.{version}.nupkg")));
    }

    private static readonly IReadOnlyDictionary<string, string?> NoVariables = new Dictionary<string, string?>();

    private static readonly SemaphoreSlim PackOnce = new(1, 1);

    private static string? packed;

    private static async Task<string> PackagesAsync()
    {
        if (Environment.GetEnvironmentVariable("GATE_TOOL_PACKAGES") is { Length: > 0 } given)
        {
            return Directory.Exists(given) ? Path.GetFullPath(given) : throw new DirectoryNotFoundException("GATE_TOOL_PACKAGES names no folder: " + given);
        }

        await PackOnce.WaitAsync();
        try
        {
            if (packed is null)
            {
                var output = Directory.CreateTempSubdirectory("gate-packages-").FullName;
                var pack = await NativeGate.RunProcessAsync("bash", [RepoPaths.InRepo("scripts", "pack-tool.sh"), output], NoVariables, null, RepoPaths.Root, TimeSpan.FromMinutes(30));
                Assert.True(pack.ExitCode == 0, pack.Output + pack.Error);
                packed = output;
            }

            return packed;
        }
        finally
        {
            PackOnce.Release();
        }
    }

    private static string Version(string packages) =>
        Directory.GetFiles(packages, "Gate.Tool.*.nupkg").Select(Path.GetFileName)
            .Select(n => n!["Gate.Tool.".Length..^".nupkg".Length])
            .Single(v => char.IsDigit(v[0]));

    private static XDocument ToolSettings(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.Entries.Single(e => e.Name == "DotnetToolSettings.xml");
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }
}
