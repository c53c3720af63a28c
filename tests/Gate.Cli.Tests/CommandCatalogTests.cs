using Gate.Cli.Commands;

namespace Gate.Cli.Tests;

/// <summary>The catalogue's name table must match the commands its factories build (start-up builds one command alone).</summary>
public class CommandCatalogTests
{
    private static readonly CliContext Context = CliContext.ForWriters(TextWriter.Null, TextWriter.Null);

    [Fact]
    public void Names_FullTree_MatchCreatedCommandsInOrder()
    {
        Assert.Equal(CommandCatalog.Create(Context).Select(c => c.Name), CommandCatalog.Names);
    }

    [Fact]
    public void CreateOnly_EveryName_BuildsThatCommandWithTheFullTreesOptions()
    {
        var full = CommandCatalog.Create(Context).ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var name in CommandCatalog.Names)
        {
            var only = CommandCatalog.CreateOnly(Context, name);

            Assert.NotNull(only);
            Assert.Equal(name, only.Name);
            Assert.Equal(full[name].Options.Select(o => o.Name), only.Options.Select(o => o.Name));
        }
    }

    [Fact]
    public void CreateOnly_UnknownName_Null()
    {
        Assert.Null(CommandCatalog.CreateOnly(Context, "no-such-command"));
    }

    [Theory]
    [InlineData("--verbose", "estimate")]
    [InlineData("estimate")]
    public void BuildRootCommand_CommandInArgs_HoldsThatCommandOnly(params string[] args)
    {
        var root = GateApp.BuildRootCommand(Context, args);

        Assert.Equal("estimate", Assert.Single(root.Subcommands).Name);
    }

    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("bogus")]
    public void BuildRootCommand_NoKnownCommand_FullTree(params string[] args)
    {
        var root = GateApp.BuildRootCommand(Context, args);

        Assert.Equal(CommandCatalog.Names, root.Subcommands.Select(c => c.Name));
    }
}
