using System.Globalization;
using NodaTime.Text;

namespace AutoReply.Core.Dialogs;

/// How a value a flow collected reads in a reply.
public static class FlowValues
{
    /// A stored date-time reads as the customer's language writes one — "Wednesday 25 November at 15:00", "Mittwoch,
    /// 25. November um 15:00 Uhr", "keskiviikko 25. marraskuuta klo 15.00" — so that "we'll call you on {callback_time}"
    /// and "wir rufen dich am {callback_time} an" read right; other values as they are.
    public static string Present(string value, string language)
    {
        var parsed = LocalDateTimePattern.GeneralIso.Parse(value);
        if (!parsed.Success) return value;
        var pattern = language switch
        {
            "de" => "dddd, d. MMMM 'um' HH:mm 'Uhr'",
            "fi" => "dddd d. MMMM 'klo' H.mm",
            _ => "dddd d MMMM 'at' HH:mm",
        };
        return parsed.Value.ToString(pattern, Culture(language));
    }

    public static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language switch { "de" => "de-DE", "fi" => "fi-FI", _ => "en-GB" });
}
