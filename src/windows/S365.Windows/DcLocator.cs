using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace S365.Windows
{
    /// <summary>
    /// The Windows DC locator (DsGetDcName): the domain this computer is a member of and a DC of its
    /// site that runs the directory service. On a computer that is not a domain member it fails with
    /// ERROR_NO_SUCH_DOMAIN (1355). Elsewhere than Windows: PlatformNotSupportedException (the
    /// TypeScript side locates by DNS SRV there).
    ///   Locate { domain?, site?, forceRediscovery?, requireGc? }
    ///       -> { domainController, address, domain, forest, dcSite, clientSite }
    /// </summary>
    public class DcLocator
    {
        private const uint DsForceRediscovery = 0x00000001;
        private const uint DsDirectoryServiceRequired = 0x00000010;
        private const uint DsGcServerRequired = 0x00000040;
        private const uint DsReturnDnsName = 0x40000000;

        [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
        private struct DomainControllerInfo
        {
            public string DomainControllerName;
            public string DomainControllerAddress;
            public uint DomainControllerAddressType;
            public Guid DomainGuid;
            public string DomainName;
            public string DnsForestName;
            public uint Flags;
            public string DcSiteName;
            public string ClientSiteName;
        }

        [DllImport("netapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "DsGetDcNameW")]
        private static extern int DsGetDcName(string computerName, string domainName, IntPtr domainGuid, string siteName, uint flags, out IntPtr info);

        [DllImport("netapi32.dll")]
        private static extern int NetApiBufferFree(IntPtr buffer);

        public Task<object> Locate(object input)
        {
            return Bridge.Run(() =>
            {
                var fields = Input.Object(input);
                Platform.RequireWindows("The DC locator (DsGetDcName)");
                var flags = DsDirectoryServiceRequired | DsReturnDnsName;
                if (Input.Bool(fields, "forceRediscovery", false)) flags |= DsForceRediscovery;
                if (Input.Bool(fields, "requireGc", false)) flags |= DsGcServerRequired;

                IntPtr buffer;
                var status = DsGetDcName(null, Input.OptionalString(fields, "domain"), IntPtr.Zero, Input.OptionalString(fields, "site"), flags, out buffer);
                if (status != 0) throw new InvalidOperationException("DsGetDcName failed with Win32 error " + status + (status == 1355 ? " (no such domain: not a domain member, or no DC reachable)" : ""));
                try
                {
                    var info = (DomainControllerInfo)Marshal.PtrToStructure(buffer, typeof(DomainControllerInfo));
                    return new Dictionary<string, object>
                    {
                        { "domainController", (info.DomainControllerName ?? "").TrimStart('\\') },
                        { "address", (info.DomainControllerAddress ?? "").TrimStart('\\') },
                        { "domain", info.DomainName },
                        { "forest", info.DnsForestName },
                        { "dcSite", info.DcSiteName },
                        { "clientSite", info.ClientSiteName },
                    };
                }
                finally
                {
                    NetApiBufferFree(buffer);
                }
            });
        }
    }
}
