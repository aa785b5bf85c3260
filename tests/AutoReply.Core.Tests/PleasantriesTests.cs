using AutoReply.Core.Answers;

namespace AutoReply.Core.Tests;

/// Praise, wishes, thanks and sign-offs around a question are left out before it is matched; anything that says more stays.
public sealed class PleasantriesTests
{
    [Theory]
    [InlineData("how much is delivery to austria? love your shop btw ❤️", "how much is delivery to austria?", "love your shop btw ❤️")]
    [InlineData("can i pay with klarna? have a nice day!", "can i pay with klarna?", "have a nice day")]
    [InlineData("do you have gift cards? thanks in advance, mike", "do you have gift cards?", "thanks in advance|mike")]
    [InlineData("ihr seid super! kann man mit klarna zahlen? liebe grüße, anna", "kann man mit klarna zahlen?", "ihr seid super|liebe grüße|anna")]
    [InlineData("Hallo, wie lange dauert der Versand? LG Stefanie", "Hallo, wie lange dauert der Versand?", "LG Stefanie")]
    [InlineData("ootte ihania! voinko maksaa klarnalla? terveisin Jukka", "voinko maksaa klarnalla?", "ootte ihania|terveisin Jukka")]
    [InlineData("kauanko toimitus kestää? hyvää päivänjatkoa", "kauanko toimitus kestää?", "hyvää päivänjatkoa")]
    public void Pleasantries_around_a_question_are_left_out_and_named(string dm, string asked, string leftOut)
    {
        Assert.Equal(asked, Pleasantries.Without(dm, out var left));
        Assert.Equal(leftOut.Split('|'), left);
    }

    [Theory]
    [InlineData("i love your shop but my order never arrived")]            // praise with a complaint in one clause
    [InlineData("love the jacket")]                                          // nothing else left: the DM as it was
    [InlineData("thanks for nothing, where is my refund")]                   // sarcasm is no sign-off
    [InlineData("have a look at my order A-7731 please")]                    // "have a …" that is no wish
    [InlineData("can i return a jacket i love to my store in hamburg?")]
    public void A_dm_with_no_pleasantry_of_its_own_stays_whole(string dm)
    {
        Assert.Equal(dm, Pleasantries.Without(dm, out var left));
        Assert.Empty(left);
    }
}
