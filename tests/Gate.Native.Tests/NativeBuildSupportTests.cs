using System.Reflection;
using System.Xml.Linq;
using Gate.Testing;

namespace Gate.Native.Tests;

/// <summary>The build inputs of the native executable stay in step with the libraries they describe.</summary>
public sealed class NativeBuildSupportTests
{
    private const BindingFlags Members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    [Fact]
    public void OctokitDirectives_EveryStringEnumOfOctokit_IsCompiledAheadOfTime()
    {
        var directives = XDocument.Load(RepoPaths.InRepo("src", "Gate.Cli", "Native", "octokit.rd.xml"));
        var listed = directives.Descendants().Where(e => e.Name.LocalName == "Type").Select(e => (string)e.Attribute("Name")!).ToHashSet(StringComparer.Ordinal);

        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in typeof(Octokit.GitHubClient).Assembly.GetTypes())
        {
            var memberTypes = type.GetProperties(Members).Select(p => p.PropertyType)
                .Concat(type.GetFields(Members).Select(f => f.FieldType))
                .Concat(type.GetConstructors(Members).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType));
            foreach (var memberType in memberTypes)
            {
                CollectStringEnums(memberType, used);
            }
        }

        Assert.NotEmpty(used);
        var missing = used.Where(e => !listed.Contains($"Octokit.StringEnum`1[[{e}]]")).ToList();
        Assert.True(missing.Count == 0, "add to src/Gate.Cli/Native/octokit.rd.xml: " + string.Join(", ", missing));
    }

    private static void CollectStringEnums(Type type, SortedSet<string> found)
    {
        if (type.IsArray)
        {
            CollectStringEnums(type.GetElementType()!, found);
        }

        if (!type.IsGenericType)
        {
            return;
        }

        if (type.GetGenericTypeDefinition() == typeof(Octokit.StringEnum<>))
        {
            var argument = type.GetGenericArguments()[0];
            var assembly = argument.Assembly == typeof(object).Assembly ? "System.Private.CoreLib" : argument.Assembly.GetName().Name;
            found.Add($"{argument.FullName},{assembly}");
        }

        foreach (var argument in type.GetGenericArguments())
        {
            CollectStringEnums(argument, found);
        }
    }
}
