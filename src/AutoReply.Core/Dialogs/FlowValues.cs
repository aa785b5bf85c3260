using System.Globalization;
using NodaTime.Text;

namespace AutoReply.Core.Dialogs;

/// How a value a flow collected reads in a reply.
public static class FlowValues
{
    /// A stored date-time reads as the customer's language writes one — "Wednesday 25 November at 15:00", "Mittwoch,
    /// 25. November um 15:00 Uhr", "keskiviikko 25. marraskuuta klo 15.00"; a day alone without the time — so that "we'll
    /// call you on {callback_time}" and "wir rufen dich am {callback_time} an" read right; a phone number in groups;
    /// other values as they are.
    public static string Present(string value, string language)
    {
        // A phone number is stored as E.164 for the agent's dialler ("+491712345678") and reads in groups ("+49 171 2345678").
        if (value is ['+', _, ..] && value.Length is >= 8 and <= 16 && value.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            var phones = PhoneNumbers.PhoneNumberUtil.GetInstance();
            try { return phones.Format(phones.Parse(value, null), PhoneNumbers.PhoneNumberFormat.INTERNATIONAL); }
            catch (PhoneNumbers.NumberParseException) { return value; }
        }
        var parsed = LocalDateTimePattern.GeneralIso.Parse(value);
        if (!parsed.Success) return value;
        // A day given without a time of day (stored at midnight) reads as the day alone: "by Friday 15 January", never "at 00:00".
        var dayAlone = parsed.Value.TimeOfDay == NodaTime.LocalTime.Midnight;
        var pattern = language switch
        {
            "de" => dayAlone ? "dddd, d. MMMM" : "dddd, d. MMMM 'um' HH:mm 'Uhr'",
            "fi" => dayAlone ? "dddd d. MMMM" : "dddd d. MMMM 'klo' H.mm",
            _ => dayAlone ? "dddd d MMMM" : "dddd d MMMM 'at' HH:mm",
        };
        return parsed.Value.ToString(pattern, Culture(language));
    }

    /// A collected value as <paramref name="language"/> reads it: a choice's option, stored in the library's default
    /// language (so branches compare one word), in the customer's language when the choice has one ("Lastenrad", not
    /// "Cargo bike"); a date-time as <see cref="Present(string, string)"/> writes it; anything else as it is.
    public static string Present(Library.DialogLibrary library, string variable, string value, string language)
    {
        if (language != library.DefaultLanguage)
            foreach (var flow in library.Flows.Values)
                foreach (var step in flow.Steps)
                    if (step is FlowStep.Ask { Kind: ValueKind.Choice } ask && ask.Save == variable
                        && ask.Choices.TryGetValue(library.DefaultLanguage, out var canonical) && ask.Choices.TryGetValue(language, out var own)
                        && IndexOf(canonical, value) is var i and >= 0 && i < own.Count)
                        return own[i];
        return Present(value, language);
    }

    static int IndexOf(IReadOnlyList<string> options, string value)
    {
        for (var i = 0; i < options.Count; i++) if (options[i] == value) return i;
        return -1;
    }

    public static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language switch { "de" => "de-DE", "fi" => "fi-FI", _ => "en-GB" });
}
