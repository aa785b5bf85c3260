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
    // a review of session 37
    [InlineData("Unsubscribe me and delete my email address and phone number from your records.")]
    [InlineData("Stop! Löschen Sie meine Nummer aus Ihrer Kartei.")]
    [InlineData("Please delete my account and all data linked to it.")]
    [InlineData("Löschen Sie bitte meinen Account und alle Daten.")]
    [InlineData("Please delete all data you have about me.")]
    [InlineData("I request erasure of my personal data.")]
    [InlineData("Which personal data have you stored about me?")]
    [InlineData("Was speichert ihr alles über mich?")]
    [InlineData("Ich will wissen, welche Daten ihr von mir habt.")]
    [InlineData("Mitä henkilötietoja teillä on minusta?")]
    [InlineData("Haluan käyttää oikeuttani tulla unohdetuksi.")]
    [InlineData("Pyydän kopion henkilötiedoistani.")]
    // QA round 35: two verbs between "you" and "about me"
    [InlineData("Please delete all personal data you have stored about me. I'm no longer a customer.")]
    [InlineData("Erase everything you've collected on me.")]
    [InlineData("I want you to remove any information you still have on me")]
    [InlineData("please delete all the data you store about me")]
    [InlineData("Please erase all the information you collect about me")]
    // read again at the end: the start build took "the data you store about me" without a word that erases
    [InlineData("I'd like a copy of all the data you store about me")]
    // QA rounds 42 and 43: the data in a longer phrase
    [InlineData("Gemäß DSGVO verlange ich die Löschung aller meiner bei Optik Sonnleitner gespeicherten Daten. Name: Petra Hölzl")]
    [InlineData("Bitte um Löschung meiner Kundendaten")]
    [InlineData("Pyydän GDPR:n nojalla poistamaan kaikki minua koskevat tiedot teidän järjestelmistä.")]
    [InlineData("Poistakaa kaikki minua koskevat tiedot.")]
    [InlineData("Poistakaa kaikki minua koskevat tiedot rekisteristä.")]
    // a review of session 45
    [InlineData("Nach Art. 15 DS-GVO bitte ich um Auskunft, welche Daten Sie von mir verarbeiten.")]
    [InlineData("Ich verlange die Löschung sämtlicher bei Ihnen gespeicherten Daten.")]
    [InlineData("Löscht bitte meinen Account und alles, was ihr über mich gespeichert habt.")]
    [InlineData("Tietosuoja-asetuksen nojalla pyydän saada nähdä kaikki minusta tallennetut tiedot.")]
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
    // negations, data the customer lost, the customer's own device (a review of session 37)
    [InlineData("Ich möchte nicht, dass meine Daten gelöscht werden, nur keine Werbung mehr.")]
    [InlineData("Please don't delete my data, I just want fewer emails.")]
    [InlineData("Bitte nicht meine Daten löschen, ich will nur weniger Mails.")]
    [InlineData("Nach dem Update sind meine Daten gelöscht, wo finde ich meine Rechnungen?")]
    [InlineData("Ich habe aus Versehen meine Daten im Kundenkonto gelöscht, wie bekomme ich die Rechnung?")]
    [InlineData("Why were my details removed from my account? I can't see my address anymore.")]
    [InlineData("My data was deleted after the app update")]
    [InlineData("How do I wipe my data from the Kiox display before I sell my e-bike?")]
    [InlineData("Löscht ihr auch alle Daten vom Bordcomputer, wenn ich das Rad zur Inspektion bringe?")]
    [InlineData("Miten poistan kaikki tiedot pyörätietokoneesta ennen myyntiä?")]
    [InlineData("Is all the information you have stored about me safe from hackers?")]
    // a review: what the brand goes on doing with one's data is a question about it
    [InlineData("how do you protect all the personal data you collect about me?")]
    [InlineData("Where do you store the data you gather about me?")]
    [InlineData("does everything you store about me get deleted automatically when I cancel?")]
    // the law named beside a question or another request is no request for one's data (a review of session 45)
    [InlineData("Are you GDPR compliant? I also want to delete an item from my order.")]
    [InlineData("GDPR: please don't delete my account, I just want to unsubscribe from the newsletter")]
    [InlineData("Is it GDPR compliant to give my access code to a friend?")]
    [InlineData("Wir wohnen 30 km entfernt – dürfen Sie laut DSGVO die Befunde per Mail an die neue Praxis schicken?")]
    [InlineData("Ist euer Newsletter DSGVO-konform?")]
    [InlineData("Laut DSGVO dürfen Sie meine Daten nicht einfach löschen, ich brauche die Rechnungen noch.")]
    [InlineData("Können Sie mir Auskunft geben, wann das Paket von mir abgeholt werden kann?")]
    [InlineData("Voinko nähdä tilaukseni tiedot sovelluksessa?")]
    public void Leaves_other_requests_alone(string text) => Assert.False(DataRequest.IsAsked(text), text);
}
