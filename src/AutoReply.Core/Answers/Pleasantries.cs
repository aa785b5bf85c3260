using System.Text;
using System.Text.RegularExpressions;
using AutoReply.Core.Matching;

namespace AutoReply.Core.Answers;

/// What a DM says around its question and asks nothing: praise ("love your shop btw ❤️", "ihr seid super"), wishes ("have
/// a nice day!", "hyvää päivänjatkoa"), thanks and sign-offs with the customer's name ("thanks in advance, mike", "liebe
/// grüße, anna", "terveisin Jukka"). Read with the question they are words of other answers ("shop"), words the library
/// never saw ("anna") or a question of their own ("have a nice day" opens as "have you …" does): the question went to a
/// person. A sentence or a clause that is one of them, whole, is left out before the DM is matched.
public static class Pleasantries
{
    /// The DM without its pleasantries, and those left out; the DM as it was when none is found or nothing else is left.
    public static string Without(string text, out List<string> left)
    {
        left = [];
        var pieces = Boundary.Split(text);   // sentences and clauses, each followed by its boundary (the split keeps them)
        var kept = new StringBuilder();
        var signedOff = false;
        for (var i = 0; i < pieces.Length; i += 2)
        {
            var piece = pieces[i];
            var boundary = i + 1 < pieces.Length ? pieces[i + 1] : "";
            var folded = string.Join(' ', TextFolding.FoldedWords(piece));
            var last = i + 2 >= pieces.Length || pieces.Skip(i + 2).All(p => TextFolding.FoldedWords(p).Count == 0);
            // A name after a sign-off, last in the DM: "thanks in advance, mike".
            var name = signedOff && last && folded.Split(' ') is { Length: <= 2 } && folded.Length > 0;
            if (folded.Length > 0 && (Phrase.IsMatch(folded) || name))
            {
                left.Add(piece.Trim());
                signedOff |= SignOff.IsMatch(folded);
                continue;
            }
            kept.Append(piece).Append(boundary);
        }
        var result = kept.ToString().Trim();
        if (left.Count == 0 || TextFolding.FoldedWords(result).Count == 0)
        {
            left = [];
            return text;
        }
        return result;
    }

    static readonly Regex Boundary = new(@"((?:[.!?…]+|[,;])\s*|\n+)", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    const string Opening = @"^(?:(?:and|also|oh|btw|ps|p s|by the way|und|ubrigens|ach|ja|muuten)\s+)*";
    const string Closing = @"(?:\s+(?:btw|so much|a lot|lots|x+|xo+|ubrigens|muuten|tosi|kovasti|sehr|echt|wirklich))*$";

    /// Thanks and sign-offs, with up to two words after them (a name).
    static readonly Regex SignOff = new(Opening +
        @"(?:(?:many |big |huge )?thanks?(?: you)?(?: (?:in advance|so much|a lot|again|heaps|already))?|thx|ty|cheers|(?:kind |best |warm )?regards|best wishes|greetings" +
        @"|(?:vielen |lieben |herzlichen |tausend )?dank(?:e)?(?: schon| sehr)?(?: im voraus| vorab)?|(?:liebe|viele|beste|freundliche|herzliche|sonnige) grusse|mit freundlichen grussen|lg|vg|mfg|gruss|grusse" +
        @"|kiitos(?: jo)?(?: etukateen| paljon| kovasti)?|kiitti|terveisin|tervehdyksin|ystavallisin terveisin)" +
        // a name after it, not what the thanks are for ("thanks for nothing" is no sign-off)
        @"(?!\s+(?:for|fur|to|nothing|but|aber|mutta|siita)\b)(?:\s+\w+){0,2}$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    static readonly Regex Phrase = new(
        SignOff + "|" + Opening + "(?:" +
        // praise
        @"(?:i |we )?(?:really |just |absolutely )?(?:love|loving|adore) (?:your|ur|the|this|you|u)(?: \w+){0,2}" +
        @"|(?:you|u) (?:guys |all |folks )?(?:are|re|r) (?:the best|great|awesome|amazing|lovely|fantastic|stars|legends|the greatest)" +
        @"|big fan(?: of (?:yours|you|your \w+))?|keep up the (?:good|great) work|great (?:shop|store|service|stuff|job|work)" +
        @"|(?:ich )?liebe (?:euren|euer|eure|euch|ihren|deinen|den|die|das)(?: \w+){0,2}|ihr seid (?:super|toll|klasse|spitze|die besten|grossartig|genial|der hammer|top)" +
        @"|rakastan (?:teidan|teijan|tata|teita)(?: \w+)?|(?:ootte|olette) (?:ihania|parhaita|mahtavia|huippuja|ihana|paras|parhaat)" +
        // wishes
        @"|have a (?:nice|good|great|lovely|wonderful) (?:day|weekend|evening|one|week)|enjoy your (?:day|weekend)" +
        @"|(?:einen )?(?:schonen|guten|sonnigen) (?:tag|abend|sonntag|wochenende)(?: noch)?|(?:hyvaa|mukavaa|aurinkoista) (?:paivanjatkoa|viikonloppua|paivaa|iltaa)" +
        ")" + Closing,
        RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
