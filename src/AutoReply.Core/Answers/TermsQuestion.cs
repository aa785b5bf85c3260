using System.Text.RegularExpressions;
using AutoReply.Core.Library;

namespace AutoReply.Core.Answers;

/// A question about a way to pay, or about terms for a group of customers, is answered only by an answer whose replies name
/// that way or that group: a list of the ways a shop takes says nothing of Klarna, and a student discount nothing of
/// pensioners. The tuned QA rounds answered "can i split the payment with klarna" with "card, cash, MobilePay", "Gibt es
/// bei euch auch Rabatt für Azubis oder Rentner?" and "onko eläkeläisille alennusta" with the student discount (judged
/// 0.6–0.9): a person answers, who may well say yes.
static class TermsQuestion
{
    /// The way to pay or the group of customers the DM names that <paramref name="answer"/>'s replies in
    /// <paramref name="language"/> do not, nor its examples in any language (a brand that lists "voiko maksaa osissa" under
    /// the payment answer says that its reply, "3 tai 6 korottomassa erässä", answers it). A group counts only beside an
    /// answer whose replies name some group of customers (a price for children, a student discount): elsewhere a group named
    /// ("my kids loved it") is no term asked about. Replies that rule out every other way or group ("no other discounts")
    /// speak of them all.
    public static string? Unstated(string text, Answer answer, string language)
    {
        var folded = Matching.TextFolding.Fold(text);
        var named = PaymentWays.FirstOrDefault(w => w.Asked.IsMatch(folded));
        // (most DMs name neither: the replies are folded only for those that do, on every answer given)
        if (named.Name is null && !Groups.Any(g => g.Asked.IsMatch(folded))) return null;
        var replies = PromisePassed.RepliesIn(answer, language).Select(r => Matching.TextFolding.Fold(r.Source)).ToList();
        // A way to pay counts only beside an answer whose replies speak of paying: "i paid with klarna, how long does shipping
        // to austria take?" asks the delivery time (this session's review).
        if (named.Name is not null && !replies.Any(r => Paying.IsMatch(r) || PaymentWays.Any(w => w.Stated.IsMatch(r)))) return null;
        if (named.Name is null)
        {
            named = Groups.FirstOrDefault(g => g.Asked.IsMatch(folded));
            if (named.Name is null || !replies.Any(r => Groups.Any(g => g.Stated.IsMatch(r)))) return null;
        }
        var examples = answer.ByLanguage.Values.SelectMany(t => t.Examples).Select(e => Matching.TextFolding.Fold(e));
        return replies.Any(r => named.Stated.IsMatch(r) || EveryOther.IsMatch(r)) || examples.Any(named.Asked.IsMatch) ? null : named.Name;
    }

    const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;

    static (string Name, Regex Asked, Regex Stated) Named(string name, string words) =>
        (name, new($@"\b(?:{words})\b", Options), new($@"\b(?:{words})\b", Options));

    static (string Name, Regex Asked, Regex Stated) Named(string name, string words, string statedBy) =>
        (name, new($@"\b(?:{words})\b", Options), new($@"\b(?:{words}|{statedBy})\b", Options));

    /// Ways to pay that are names, not kinds ("card" and "invoice" are asked of other answers too: "where is my invoice?"),
    /// folded. Paying in parts is stated by a reply that names it or a provider of it.
    static readonly (string Name, Regex Asked, Regex Stated)[] PaymentWays =
    [
        Named("Klarna", "klarna\\w*"),
        Named("PayPal", "paypal\\w*|pay pal"),
        Named("Apple Pay", "apple ?pay|applepay\\w*", "contactless|kontaktlos\\w*|lahimaksu\\w*|mobile payments?|wallet"),
        Named("Google Pay", "google ?pay|googlepay\\w*", "contactless|kontaktlos\\w*|lahimaksu\\w*|mobile payments?|wallet"),
        Named("MobilePay", "mobile ?pay|mobilepay\\w*"),
        Named("Twint", "twint"),
        Named("Sofort", "sofortuberweisung|sofort uberweisung|sofort ?banking"),
        Named("crypto", "bitcoins?|crypto\\w*|krypto\\w*|btc"),
        Named("American Express", "amex|american express"),
        Named("paying in parts", "instal+ments?|in instal+ments|pay in parts|split the payment|pay (?:it )?in (?:\\d+|two|three|four) (?:parts|payments)|ratenzahlung\\w*|in raten|raten ?kauf\\w*|osamaks\\w*|osissa|erissa|erana",
            "klarna\\w*|afterpay|paypal (?:pay in|later)|raten|instal\\w*|osiin|eriin|eraan|eralla|erassa|erissa"),
    ];

    /// Words of paying in a reply (folded): "pay", "zahlen", "maksaa", a card, cash, an invoice, a transfer.
    static readonly Regex Paying = new(
        @"\b(?:pay\w*|zahl\w*|bezahl\w*|maksa\w*|maksu\w*|cards?|karte\w*|kreditkarte\w*|kortti\w*|kortilla|cash|bar|bargeld|kateis\w*|invoice\w*|rechnung\w*" +
        @"|lasku\w*|lastschrift\w*|uberweisung\w*|tilisiirto\w*|vorkasse|prepayment|bank transfer)\b", Options);

    /// A reply that speaks of every way or every group (folded): money back "to the payment method you paid with", "auf die
    /// Zahlungsart, mit der du bezahlt hast", "alkuperäiselle maksutavalle"; "we don't have other discounts", "muita
    /// alennuksia meillä ei ole".
    static readonly Regex EveryOther = new(
        @"\b(?:(?:original|same) (?:payment|method)|payment method (?:you|used)|method of payment you|zahlungsart,? (?:mit der|die)|ursprunglichen? zahlungs\w*|gleichen? zahlungs\w*" +
        @"|(?:alkuperaise\w*|samalle|samaan) maksu\w*|maksutavalle,? jolla" +
        @"|(?:no|any|(?:don'?t|don t|do not|not) have) (?:other|further|more) (?:discounts|reductions|offers)|keine (?:anderen|weiteren) (?:rabatte|ermassigungen)|muita alennuksia\b.*\b(?:ei|emme)|ei (?:ole )?muita alennuksia)\b", Options);

    /// Groups of customers that terms are often made for, folded ("kind" is English for a sort, not a German child).
    static readonly (string Name, Regex Asked, Regex Stated)[] Groups =
    [
        Named("students", "student\\w*|studi|studis|studierende\\w*|opiskelij\\w*"),
        Named("pensioners", "pensioners?|retirees?|retired|seniors?|senior citizens?|oaps?|rentner\\w*|senioren\\w*|pensionar\\w*|elakelai\\w*|elakkeella\\w*|seniori\\w*",
            // an age from which the terms hold: "customers aged 65+", "ab 65", "65 vuotta täyttäneet"
            "aged [67]\\d|(?:over|ab|uber|yli) [67]\\d|[67]\\d (?:years|jahre\\w*|vuotta\\w*|v)"),
        Named("apprentices", "apprentices?|trainees?|azubis?|auszubildende\\w*|lehrling\\w*|berufsschul\\w*|oppisopimus\\w*|ammattikoulu\\w*"),
        Named("children", "kids?|child|children|childrens|toddlers?|kinder\\w*|kleinkind\\w*|lapsi|lapset|lapsille|lasten|lapsen|lapsia|taapero\\w*"),
        Named("the unemployed", "unemployed|jobless|job seekers?|arbeitslos\\w*|erwerbslos\\w*|burgergeld|tyoton|tyottom\\w*|tyonhakij\\w*"),
        Named("people with a disability", "disabled|disabilit\\w*|schwerbehindert\\w*|behinderung\\w*|vammai\\w*|vammaiskort\\w*"),
        Named("the military", "military|military service|conscripts?|veterans?|soldiers?|soldat\\w*|bundeswehr|wehrdienst\\w*|varusmie\\w*|asevelvollis\\w*"),
        Named("teachers", "teachers?|lehrer\\w*|lehrkraft\\w*|opettaj\\w*"),
    ];
}
