using AutoReply.Core.Library;

namespace AutoReply.Core.Tests;

public sealed class TemplateTests
{
    [Fact]
    public void A_value_is_inserted_as_it_is_and_never_read_as_a_template()
    {
        var template = Template.Parse("Hi {name}, we reply by {reply_by}.");
        var text = template.Render(v => v == "name" ? "{reply_by}" : "Monday 9:00");
        Assert.Equal("Hi {reply_by}, we reply by Monday 9:00.", text);
    }

    [Fact]
    public void Double_braces_are_literal_braces() =>
        Assert.Equal("use {code} now", Template.Parse("use {{code}} now").Render(_ => "x"));

    [Fact]
    public void An_unknown_variable_stays_visible() =>
        Assert.Equal("Hello {who}", Template.Parse("Hello {who}").Render(_ => null));

    [Theory]
    [InlineData("Hello {name", "unclosed '{' at position 7")]
    [InlineData("Hello name}", "unmatched '}' at position 11")]
    [InlineData("Hello {}", "bad variable '{}'")]
    [InlineData("Hello {na%me}", "bad variable '{na%me}'")]
    public void A_broken_template_says_where(string source, string error)
    {
        Assert.Null(Template.TryParse(source, out var reason));
        Assert.Contains(error, reason);
    }

    [Fact]
    public void Variables_lists_each_once() =>
        Assert.Equal(["a", "b"], Template.Parse("{a} {b} {a}").Variables);

    [Theory]
    [InlineData("Hi {name}!", "Hi!")]
    [InlineData("Hi {name}, this is Ana.", "Hi, this is Ana.")]
    [InlineData("Thanks {name}", "Thanks")]
    [InlineData("Dear {name} team", "Dear team")]
    [InlineData("({name})", "()")]
    [InlineData("Glad I could help, {name}!", "Glad I could help!")]
    [InlineData("Thanks, {name}, for waiting.", "Thanks, for waiting.")]
    [InlineData("Hi {name}{name}!", "Hi!")]
    public void An_empty_value_takes_the_space_before_it_along(string source, string rendered) =>
        Assert.Equal(rendered, Template.Parse(source).Render(_ => ""));
}
