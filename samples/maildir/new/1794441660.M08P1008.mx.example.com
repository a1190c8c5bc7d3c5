Return-Path: <dmarc-reports@mx1.example.org>
From: DMARC reports <dmarc-reports@mx1.example.org>
To: dmarc-rua@example.com
Subject: Report Domain: example.com Submitter: mx1.example.org Report-ID: <mx1.example.org-1794441600-example.com>
Date: Fri, 13 Nov 2026 00:01:00 GMT
Message-ID: <mx1.example.org-1794441600@mx1.example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="rspamd-qp-boundary-08"

--rspamd-qp-boundary-08
Content-Type: text/plain; charset=utf-8

This is an aggregate report from mx1.example.org.
--rspamd-qp-boundary-08
Content-Type: text/xml; charset=utf-8
Content-Disposition: attachment; filename="mx1.example.org!example.com!1794441600!1794527999.xml"
Content-Transfer-Encoding: quoted-printable

<?xml version=3D"1.0" encoding=3D"UTF-8"?>
<feedback>
  <version>1.0</version>
  <report_metadata>
    <org_name>mx1.example.org</org_name>
    <email>dmarc-reports@mx1.example.org</email>
    <report_id>mx1.example.org-1794441600-example.com</report_id>
    <date_range>
      <begin>1794441600</begin>
      <end>1794527999</end>
    </date_range>
    <generator>rspamd 3.10</generator>
  </report_metadata>
  <policy_published>
    <domain>example.com</domain>
    <adkim>r</adkim>
    <aspf>r</aspf>
    <p>reject</p>
    <sp>reject</sp>
  </policy_published>
  <record>
    <row>
      <source_ip>192.0.2.10</source_ip>
      <count>14</count>
      <policy_evaluated>
        <disposition>none</disposition>
        <dkim>pass</dkim>
        <spf>pass</spf>
      </policy_evaluated>
    </row>
    <identifiers>
      <header_from>example.com</header_from>
    </identifiers>
    <auth_results>
      <dkim>
        <domain>example.com</domain>
        <selector>s1</selector>
        <result>pass</result>
      </dkim>
      <spf>
        <domain>example.com</domain>
        <scope>mfrom</scope>
        <result>pass</result>
      </spf>
    </auth_results>
  </record>
  <record>
    <row>
      <source_ip>198.51.100.200</source_ip>
      <count>5</count>
      <policy_evaluated>
        <disposition>none</disposition>
        <dkim>pass</dkim>
        <spf>fail</spf>
        <reason>
          <type>mailing_list</type>
          <comment>list.example.net</comment>
        </reason>
      </policy_evaluated>
    </row>
    <identifiers>
      <header_from>example.com</header_from>
    </identifiers>
    <auth_results>
      <dkim>
        <domain>example.com</domain>
        <selector>s1</selector>
        <result>pass</result>
      </dkim>
      <spf>
        <domain>list.example.net</domain>
        <scope>mfrom</scope>
        <result>pass</result>
      </spf>
    </auth_results>
  </record>
</feedback>
--rspamd-qp-boundary-08--
