using System;
using System.Collections.Generic;
using System.Net.NetworkInformation;
using System.Runtime.InteropServices;
using System.Security.Principal;
using System.Threading.Tasks;

namespace S365.Windows
{
    /// <summary>
    /// What this assembly runs on, for diagnostics and for the tests to know which CLR they reached.
    ///   Describe {} -> { framework, os, windows, user, process64, identity }
    /// identity (Windows; null elsewhere): { name, sid, networkAccount, networkDomain } of the process
    /// token (WindowsIdentity.GetCurrent), networkAccount the computer account (HOST$) when the process
    /// is SYSTEM or NETWORK SERVICE, which reach the network as it: who a refused bind was.
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
                    { "identity", IsWindows ? ProcessIdentity() : null },
                };
            });
        }

        /// <summary>SYSTEM and NETWORK SERVICE: their network identity is the computer account.</summary>
        private static readonly HashSet<string> ComputerAccountSids = new HashSet<string> { "S-1-5-18", "S-1-5-20" };

        private static Dictionary<string, object> ProcessIdentity()
        {
            using (var identity = WindowsIdentity.GetCurrent())
            {
                var sid = identity.User == null ? null : identity.User.Value;
                var computer = sid != null && ComputerAccountSids.Contains(sid);
                string domain = null;
                if (computer)
                {
                    try { domain = IPGlobalProperties.GetIPGlobalProperties().DomainName; }
                    catch (NetworkInformationException) { domain = null; }
                }
                return new Dictionary<string, object>
                {
                    { "name", identity.Name },
                    { "sid", sid },
                    { "networkAccount", computer ? Environment.MachineName + "$" : null },
                    { "networkDomain", string.IsNullOrEmpty(domain) ? null : domain },
                };
            }
        }

        internal static void RequireWindows(string what)
        {
            if (!IsWindows) throw new PlatformNotSupportedException(what + " is Windows-only");
        }
    }
}
