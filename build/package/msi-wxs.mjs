// The WiX source (.wxs) that wixl compiles into the MSI: pure, from a file list and the product's
// identities, so the same inputs give the same text.
//
// What it says: one per-machine product (ALLUSERS=1) installing every file of the module folder into
// ProgramFiles64Folder\WindowsPowerShell\Modules\<module>, one component per file (GUIDs derived
// from the install path by wixl's Guid="*"), one feature, no UI; major upgrades through the
// Upgrade table with RemoveExistingProducts right after InstallValidate (the old version is removed
// whole before the new one is installed), and a launch condition that refuses a downgrade.
import { createHash } from 'node:crypto';

/** Upgrade-table properties (public, upper case, so they pass from the client to the server side). */
export const UPGRADE_PROPERTIES = {
  newer: 'NEWERVERSIONDETECTED',
  older: 'OLDERVERSIONBEINGUPGRADED',
};
export const INSTALL_DIR_ID = 'INSTALLDIR';

const xml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);

/** An MSI identifier (letters, digits, _ and ., at most 72) that says which path it stands for and is unique per path. */
function identifier(kind, rel) {
  const readable = rel.replace(/[^A-Za-z0-9_.]/g, '_').slice(-40);
  return `${kind}_${readable}_${createHash('sha256').update(rel).digest('hex').slice(0, 10)}`;
}

/**
 * product: {name, manufacturer, helpLink, upgradeCode, productCode, version (MSI), upgradeBoundary,
 *           language, codepage, moduleName, description}
 * entries: the module folder, [{rel: 'dir/' | 'dir/file', source: the file's path for wixl}], sorted.
 */
export function wixSource(product, entries) {
  const root = { dirs: new Map(), files: [], rel: '' };
  for (const e of entries) {
    const parts = e.rel.replace(/\/$/, '').split('/');
    const isDir = e.rel.endsWith('/');
    let node = root;
    for (const part of isDir ? parts : parts.slice(0, -1)) {
      if (!node.dirs.has(part)) node.dirs.set(part, { dirs: new Map(), files: [], rel: `${node.rel}${part}/` });
      node = node.dirs.get(part);
    }
    if (!isDir) node.files.push({ name: parts[parts.length - 1], rel: e.rel, source: e.source });
  }

  const componentIds = [];
  const renderDir = (node, indent) => {
    const out = [];
    for (const f of node.files) {
      const id = identifier('c', f.rel);
      componentIds.push(id);
      out.push(`${indent}<Component Id="${id}" Guid="*" Win64="yes">`,
        `${indent}  <File Id="${identifier('f', f.rel)}" Name="${xml(f.name)}" Source="${xml(f.source)}" KeyPath="yes"/>`,
        `${indent}</Component>`);
    }
    if (node.files.length === 0 && node.dirs.size === 0) {
      // An empty folder of the module: created, and removed again on uninstall.
      const id = identifier('c', node.rel);
      componentIds.push(id);
      out.push(`${indent}<Component Id="${id}" Guid="*" Win64="yes"><CreateFolder/></Component>`);
    }
    for (const [name, child] of node.dirs) {
      out.push(`${indent}<Directory Id="${identifier('d', child.rel)}" Name="${xml(name)}">`, ...renderDir(child, `${indent}  `), `${indent}</Directory>`);
    }
    return out;
  };
  const moduleTree = renderDir(root, ' '.repeat(14));
  const p = product;
  return `<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="${p.productCode}" Name="${xml(p.name)}" Version="${p.version}" Manufacturer="${xml(p.manufacturer)}"
           UpgradeCode="${p.upgradeCode}" Language="${p.language}" Codepage="${p.codepage}">
    <Package InstallerVersion="500" Compressed="yes" InstallScope="perMachine" Languages="${p.language}"
             SummaryCodepage="${p.codepage}" Manufacturer="${xml(p.manufacturer)}" Description="${xml(p.description)}"
             Comments="${xml(p.comments)}"/>
    <Media Id="1" Cabinet="module.cab" EmbedCab="yes"/>

    <!-- Add/Remove Programs: publisher is the Manufacturer; a help link; remove only, no Change. -->
    <Property Id="ARPHELPLINK" Value="${xml(p.helpLink)}"/>
    <Property Id="ARPURLINFOABOUT" Value="${xml(p.helpLink)}"/>
    <Property Id="ARPNOMODIFY" Value="1"/>

    <!-- Major upgrade: a version from ${p.upgradeBoundary} up is newer (detect only, refused below);
         anything older, or this same version under another ProductCode (a pre-release), is removed first. -->
    <Upgrade Id="${p.upgradeCode}">
      <UpgradeVersion Minimum="${p.upgradeBoundary}" IncludeMinimum="yes" OnlyDetect="yes" Property="${UPGRADE_PROPERTIES.newer}"/>
      <UpgradeVersion Minimum="0.0.0" IncludeMinimum="yes" Maximum="${p.upgradeBoundary}" OnlyDetect="no" Property="${UPGRADE_PROPERTIES.older}"/>
    </Upgrade>
    <Condition Message="${xml(p.downgradeMessage)}">NOT ${UPGRADE_PROPERTIES.newer}</Condition>
    <InstallExecuteSequence>
      <RemoveExistingProducts After="InstallValidate"/>
    </InstallExecuteSequence>

    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFiles64Folder">
        <Directory Id="d_WindowsPowerShell" Name="WindowsPowerShell">
          <Directory Id="d_Modules" Name="Modules">
            <Directory Id="${INSTALL_DIR_ID}" Name="${xml(p.moduleName)}">
${moduleTree.join('\n')}
            </Directory>
          </Directory>
        </Directory>
      </Directory>
    </Directory>

    <Feature Id="Module" Title="${xml(p.name)}" Level="1">
${componentIds.map((id) => `      <ComponentRef Id="${id}"/>`).join('\n')}
    </Feature>
  </Product>
</Wix>
`;
}
