using AutoReply.Core.Privacy;

namespace AutoReply.Core.Tests;

public sealed class DataRequestTests
{
    [Theory]
    [InlineData("Please delete all my personal data")]
    [InlineData("can you erase my details from your system")]
    [InlineData("I want my data deleted, GDPR")]
    [InlineData("What data do you hold on me?")]
    [InlineData("I'd like a copy of my data")]
    [InlineData("right to be forgotten please")]
    [InlineData("Bitte löscht alle meine Daten und schreibt mir nicht mehr.")]
    [InlineData("Bitte löschen Sie sämtliche gespeicherten Daten von mir")]
    [InlineData("Ich möchte, dass meine Daten gelöscht werden")]
    [InlineData("Ich bitte um Auskunft über meine gespeicherten Daten")]
    [InlineData("Welche Daten habt ihr über mich?")]
    [InlineData("poistakaa tietoni")]
    [InlineData("Poistakaa kaikki minun tiedot rekisteristänne")]
    [InlineData("mitä tietoja teillä on minusta")]
    public void Finds_a_request_to_erase_or_disclose_ones_data(string text) => Assert.True(DataRequest.IsAsked(text), text);

    [Theory]
    [InlineData("can you delete my order please")]
    [InlineData("remove the second item from my order")]
    [InlineData("how much data is in the mobile plan")]
    [InlineData("my data plan ran out")]
    [InlineData("I deleted the confirmation email by mistake")]
    [InlineData("Bitte Bestellung löschen")]
    [InlineData("Habt ihr die Daten zum Versand?")]
    [InlineData("poistakaa tilaus")]
    [InlineData("update my details please, I moved")]
    public void Leaves_other_requests_alone(string text) => Assert.False(DataRequest.IsAsked(text), text);
}
