using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gate.GitHub.Rendering;

namespace Gate.GitHub.Tests;

public class TextLimitTests
{
    [Property]
    public Property Truncate_AnyTextAndLimit_NeverExceedsTheLimit(NonNull<string> text, PositiveInt extra)
    {
        var max = 40 + (extra.Get % 400);
        var result = TextLimit.Truncate(text.Get, max, "[truncated]");
        return (result.Length <= max && (text.Get.Length > max || result == text.Get)).ToProperty();
    }

    [Fact]
    public void Truncate_InsideCodeFence_ClosesTheFenceBeforeTheNote()
    {
        var text = "intro\n```mermaid\n" + string.Concat(Enumerable.Repeat("x-axis [1, 2, 3]\n", 50));

        var result = TextLimit.Truncate(text, 200, "_truncated_");

        Assert.True(result.Length <= 200);
        Assert.EndsWith("```\n_truncated_", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_ShortText_IsUnchanged() => Assert.Equal("abc", TextLimit.Truncate("abc", 10, "note"));
}
