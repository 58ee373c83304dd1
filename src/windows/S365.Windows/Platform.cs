using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace S365.Windows
{
    /// <summary>
    /// What this assembly runs on, for diagnostics and for the tests to know which CLR they reached.
    ///   Describe {} -> { framework, os, windows, user, process64 }
    /// </summary>
    public class Platform
    {
        public static bool IsWindows
        {
            get { return Environment.OSVersion.Platform == PlatformID.Win32NT; }
        }

        public Task<object> Describe(object input)
        {
            return Bridge.Run(() =>
            {
                return new Dictionary<string, object>
                {
                    { "framework", RuntimeInformation.FrameworkDescription },
                    { "os", RuntimeInformation.OSDescription },
                    { "windows", IsWindows },
                    { "user", Environment.UserName },
                    { "process64", Environment.Is64BitProcess },
                };
            });
        }

        internal static void RequireWindows(string what)
        {
            if (!IsWindows) throw new PlatformNotSupportedException(what + " is Windows-only");
        }
    }
}
