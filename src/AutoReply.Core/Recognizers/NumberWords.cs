using System.Globalization;

namespace AutoReply.Core.Recognizers;

/// Numbers written as words, in English ("twenty-one", "one hundred and five"), German ("einundzwanzig",
/// "zweihundertfünfzig") and Finnish ("kaksikymmentäyksi"); ordinals likewise ("third", "dritte", "kolmas").
static class NumberWords
{
    static readonly Dictionary<string, long> En = new()
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
        ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16,
        ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50,
        ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    static readonly Dictionary<string, long> EnScales = new() { ["dozen"] = 12, ["hundred"] = 100, ["thousand"] = 1000, ["million"] = 1_000_000 };

    static readonly Dictionary<string, long> EnOrdinals = new()
    {
        ["first"] = 1, ["second"] = 2, ["third"] = 3, ["fourth"] = 4, ["fifth"] = 5, ["sixth"] = 6, ["seventh"] = 7, ["eighth"] = 8, ["ninth"] = 9,
        ["tenth"] = 10, ["eleventh"] = 11, ["twelfth"] = 12, ["thirteenth"] = 13, ["fourteenth"] = 14, ["fifteenth"] = 15, ["sixteenth"] = 16,
        ["seventeenth"] = 17, ["eighteenth"] = 18, ["nineteenth"] = 19, ["twentieth"] = 20, ["thirtieth"] = 30, ["last"] = -1,
    };

    static readonly Dictionary<string, long> De = new()
    {
        ["null"] = 0, ["eins"] = 1, ["ein"] = 1, ["zwei"] = 2, ["zwo"] = 2, ["drei"] = 3, ["vier"] = 4, ["fünf"] = 5, ["sechs"] = 6, ["sieben"] = 7,
        ["acht"] = 8, ["neun"] = 9, ["zehn"] = 10, ["elf"] = 11, ["zwölf"] = 12, ["dreizehn"] = 13, ["vierzehn"] = 14, ["fünfzehn"] = 15,
        ["sechzehn"] = 16, ["siebzehn"] = 17, ["achtzehn"] = 18, ["neunzehn"] = 19, ["zwanzig"] = 20, ["dreißig"] = 30, ["dreissig"] = 30,
        ["vierzig"] = 40, ["fünfzig"] = 50, ["sechzig"] = 60, ["siebzig"] = 70, ["achtzig"] = 80, ["neunzig"] = 90,
    };

    static readonly Dictionary<string, long> DeOrdinals = new()
    {
        ["erst"] = 1, ["zweit"] = 2, ["dritt"] = 3, ["viert"] = 4, ["fünft"] = 5, ["sechst"] = 6, ["siebt"] = 7, ["acht"] = 8, ["neunt"] = 9,
        ["zehnt"] = 10, ["elft"] = 11, ["zwölft"] = 12, ["letzt"] = -1,
    };

    static readonly Dictionary<string, long> Fi = new()
    {
        ["nolla"] = 0, ["yksi"] = 1, ["kaksi"] = 2, ["kolme"] = 3, ["neljä"] = 4, ["viisi"] = 5, ["kuusi"] = 6, ["seitsemän"] = 7,
        ["kahdeksan"] = 8, ["yhdeksän"] = 9, ["kymmenen"] = 10,
        // as spoken and typed
        ["yks"] = 1, ["kaks"] = 2, ["viis"] = 5, ["kuus"] = 6, ["seittemän"] = 7, ["kasi"] = 8, ["ysi"] = 9, ["kymppi"] = 10,
        ["kakskyt"] = 20, ["kolkyt"] = 30, ["nelkyt"] = 40, ["viiskyt"] = 50, ["kuuskyt"] = 60, ["tusina"] = 12,
    };

    /// Finnish numbers take case endings ("kolmesta", "kahden", "neljästä"): their stems, and the endings they take.
    static readonly Dictionary<string, long> FiStems = new()
    {
        ["yhde"] = 1, ["kahde"] = 2, ["kolme"] = 3, ["neljä"] = 4, ["viide"] = 5, ["kuude"] = 6, ["seitsemä"] = 7, ["kahdeksa"] = 8,
        ["yhdeksä"] = 9, ["kymmene"] = 10,
    };
    static readonly string[] FiEndings = ["ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "n", "en"];

    static readonly Dictionary<string, long> FiOrdinals = new()
    {
        ["ensimmäinen"] = 1, ["toinen"] = 2, ["kolmas"] = 3, ["neljäs"] = 4, ["viides"] = 5, ["kuudes"] = 6, ["seitsemäs"] = 7,
        ["kahdeksas"] = 8, ["yhdeksäs"] = 9, ["kymmenes"] = 10, ["viimeinen"] = -1,
        // the cases customers write them in ("toista kertaa", "kolmannen pesun", "toisessa paketissa") and "eka", "toka"
        ["ensimmäistä"] = 1, ["ensimmäisen"] = 1, ["ensimmäisessä"] = 1, ["eka"] = 1, ["ekaa"] = 1, ["ekan"] = 1, ["ekassa"] = 1,
        ["toista"] = 2, ["toisen"] = 2, ["toisessa"] = 2, ["toka"] = 2, ["tokaa"] = 2, ["tokan"] = 2, ["kolmatta"] = 3, ["kolmannen"] = 3,
        ["kolmannessa"] = 3, ["neljättä"] = 4, ["neljännen"] = 4, ["neljännessä"] = 4, ["viidettä"] = 5, ["viidennen"] = 5,
    };

    /// The value of one word (German and Finnish compounds included), or null.
    public static long? Cardinal(string word, string language) => language switch
    {
        "de" => German(word),
        "fi" => Finnish(word),
        _ => En.TryGetValue(word, out var v) ? v : EnglishHyphenated(word),
    };

    public static bool IsScale(string word, string language, out long scale)
    {
        scale = 0;
        if (language == "de" && word == "dutzend") { scale = 12; return true; }
        return language == "en" && EnScales.TryGetValue(word, out scale);
    }

    public static long? Ordinal(string word, string language)
    {
        switch (language)
        {
            case "de":
                foreach (var ending in new[] { "en", "er", "es", "em", "e" })
                    if (word.EndsWith(ending, StringComparison.Ordinal) && DeOrdinals.TryGetValue(word[..^ending.Length], out var d)) return d;
                // "zwanzigste", "einundzwanzigsten"
                foreach (var ending in new[] { "sten", "ster", "stes", "stem", "ste" })
                    if (word.EndsWith(ending, StringComparison.Ordinal) && German(word[..^ending.Length]) is { } n && n >= 20) return n;
                return null;
            case "fi":
                return FiOrdinals.TryGetValue(word, out var f) ? f : null;
            default:
                if (EnOrdinals.TryGetValue(word, out var e)) return e;
                var dash = word.LastIndexOf('-');
                if (dash > 0 && En.TryGetValue(word[..dash], out var tens) && tens >= 20
                    && EnOrdinals.TryGetValue(word[(dash + 1)..], out var unit) && unit is > 0 and < 10)
                    return tens + unit;
                return null;
        }
    }

    static long? EnglishHyphenated(string word)
    {
        var dash = word.IndexOf('-');
        if (dash <= 0) return null;
        return En.TryGetValue(word[..dash], out var tens) && tens >= 20 && tens % 10 == 0
            && En.TryGetValue(word[(dash + 1)..], out var unit) && unit is > 0 and < 10
            ? tens + unit : null;
    }

    /// German number words are written as one: "zweitausenddreihunderteinundzwanzig".
    static long? German(string w)
    {
        if (w.Length == 0) return null;
        if (De.TryGetValue(w, out var simple)) return w == "ein" ? null : simple;   // "ein" alone is mostly an article
        var t = w.IndexOf("tausend", StringComparison.Ordinal);
        if (t >= 0)
        {
            var left = t == 0 ? 1 : GermanBelow1000(w[..t]);
            var right = t + 7 == w.Length ? 0 : GermanBelow1000(w[(t + 7)..]);
            return left is null || right is null ? null : left * 1000 + right;
        }
        return GermanBelow1000(w);
    }

    static long? GermanBelow1000(string w)
    {
        if (w.Length == 0) return 0;
        var h = w.IndexOf("hundert", StringComparison.Ordinal);
        if (h >= 0)
        {
            var left = h == 0 ? 1 : De.GetValueOrDefault(w[..h] == "ein" ? "eins" : w[..h], -1);
            var right = h + 7 == w.Length ? 0 : GermanBelow100(w[(h + 7)..]);
            return left is < 1 or > 9 || right is null ? null : left * 100 + right;
        }
        return GermanBelow100(w);
    }

    static long? GermanBelow100(string w)
    {
        if (De.TryGetValue(w, out var v)) return v;
        var und = w.IndexOf("und", StringComparison.Ordinal);
        if (und <= 0) return null;
        var unit = w[..und] == "ein" ? 1 : De.GetValueOrDefault(w[..und], -1);
        var tens = De.GetValueOrDefault(w[(und + 3)..], -1);
        return unit is >= 1 and <= 9 && tens is >= 20 and <= 90 && tens % 10 == 0 ? tens + unit : null;
    }

    /// Finnish: "kaksikymmentäkolme" = 2·10 + 3, "yksitoista" = 11.
    static long? Finnish(string w)
    {
        if (Fi.TryGetValue(w, out var v)) return v;
        foreach (var ending in FiEndings)
            if (w.Length > ending.Length + 3 && w.EndsWith(ending, StringComparison.Ordinal) && FiStems.TryGetValue(w[..^ending.Length], out var inflected))
                return inflected;
        if (w.EndsWith("toista", StringComparison.Ordinal) && Fi.TryGetValue(w[..^6], out var teen) && teen is >= 1 and <= 9) return 10 + teen;
        var k = w.IndexOf("kymmentä", StringComparison.Ordinal);
        if (k > 0 && Fi.TryGetValue(w[..k], out var tens) && tens is >= 2 and <= 9)
        {
            var rest = w[(k + 8)..];
            if (rest.Length == 0) return tens * 10;
            return Fi.TryGetValue(rest, out var unit) && unit is >= 1 and <= 9 ? tens * 10 + unit : null;
        }
        return null;
    }

    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
