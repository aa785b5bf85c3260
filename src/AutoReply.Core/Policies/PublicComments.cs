using AutoReply.Core.Matching;

namespace AutoReply.Core.Policies;

/// Whether a public comment is better answered in private: a complaint (anger, legal or impact words of the
/// escalation signals), or a private matter (an order, a refund, an account, a delivery, personal data). Praise and
/// questions anyone may read the answer to stay public — and no details are ever given in public either way.
public sealed class PublicComments(Handoffs.EscalationSignals signals)
{
    static readonly HashSet<string> PrivateWords = new[]
    {
        "order", "orders", "refund", "refunds", "delivery", "delivered", "parcel", "package", "shipment", "tracking", "account", "password", "invoice",
        "charged", "payment", "broken", "damaged", "missing", "wrong", "never", "complaint", "address", "phone", "email", "cancel", "cancelled",
        "bestellung", "rucksendung", "erstattung", "lieferung", "paket", "sendung", "konto", "passwort", "rechnung", "zahlung", "kaputt", "beschadigt",
        "falsch", "fehlt", "beschwerde", "adresse", "storniert", "nie",
        "tilaus", "palautus", "toimitus", "paketti", "tili", "lasku", "maksu", "rikki", "puuttuu", "valitus",
    }.Select(w => TextFolding.Fold(w)).ToHashSet();

    public bool LooksPrivate(string text)
    {
        var words = TextFolding.FoldedWords(text);
        return words.Any(PrivateWords.Contains) || signals.SoundsLikeComplaint(text);
    }
}
