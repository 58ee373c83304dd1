using System;
using System.Collections.Generic;

namespace S365.Windows
{
    /// <summary>
    /// Reads the fields of what edge-js hands to an entry point: a JavaScript object arrives as an
    /// IDictionary&lt;string, object&gt; (numbers as int or double, arrays as object[]).
    /// </summary>
    internal static class Input
    {
        public static IDictionary<string, object> Object(object input)
        {
            var fields = input as IDictionary<string, object>;
            if (fields == null) throw new ArgumentException("expected an object of named fields");
            return fields;
        }

        public static string String(IDictionary<string, object> fields, string name)
        {
            var value = OptionalString(fields, name);
            if (value == null) throw new ArgumentException("'" + name + "' is required");
            return value;
        }

        public static string OptionalString(IDictionary<string, object> fields, string name)
        {
            object value;
            if (!fields.TryGetValue(name, out value) || value == null) return null;
            var text = value as string;
            if (text == null) throw new ArgumentException("'" + name + "' must be a string");
            return text;
        }

        public static int Int(IDictionary<string, object> fields, string name, int fallback)
        {
            object value;
            if (!fields.TryGetValue(name, out value) || value == null) return fallback;
            if (value is int) return (int)value;
            if (value is double && (double)value == Math.Floor((double)value) && Math.Abs((double)value) <= int.MaxValue) return (int)(double)value;
            throw new ArgumentException("'" + name + "' must be an integer");
        }

        public static bool Bool(IDictionary<string, object> fields, string name, bool fallback)
        {
            object value;
            if (!fields.TryGetValue(name, out value) || value == null) return fallback;
            if (value is bool) return (bool)value;
            throw new ArgumentException("'" + name + "' must be a boolean");
        }

        public static string[] Strings(IDictionary<string, object> fields, string name)
        {
            object value;
            if (!fields.TryGetValue(name, out value) || value == null) return new string[0];
            var items = value as object[];
            if (items == null) throw new ArgumentException("'" + name + "' must be an array of strings");
            var result = new string[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                var text = items[i] as string;
                if (text == null) throw new ArgumentException("'" + name + "' must be an array of strings");
                result[i] = text;
            }
            return result;
        }

        /// <summary>Binary values travel as base64 text both ways (one JSON-safe shape on every route).</summary>
        public static byte[] Base64(IDictionary<string, object> fields, string name)
        {
            var text = OptionalString(fields, name);
            if (text == null) return null;
            return Convert.FromBase64String(text);
        }
    }
}
