using Gate.Simulation.Clients;

namespace Gate.Simulation.Tests;

public sealed class SystemClientsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(12_345)]
    [InlineData(99_999)]
    [InlineData(100_000)]
    [InlineData(1_234_567)]
    public void TryParseNodeName_NameOfNodeName_GivesItsIndexBack(int index)
    {
        Assert.True(SystemClients.TryParseNodeName(SystemClients.NodeName(index), out var parsed));
        Assert.Equal(index, parsed);
    }

    [Theory]
    [InlineData("node-0001")]
    [InlineData("node-012345")]
    [InlineData("node-")]
    [InlineData("node-+1234")]
    [InlineData("node- 1234")]
    [InlineData("node-1234a")]
    [InlineData("nodes-12345")]
    [InlineData("node-99999999999")]
    public void TryParseNodeName_NotANodeNameSpelling_False(string name)
    {
        Assert.False(SystemClients.TryParseNodeName(name, out var index));
        Assert.Equal(-1, index);
    }
}
