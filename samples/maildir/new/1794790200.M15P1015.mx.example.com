Return-Path: <admin@example.org>
From: Friendly Admin <admin@example.org>
To: dmarc-rua@example.com
Subject: Lunch on Friday?
Date: Sun, 15 Nov 2026 02:46:40 GMT
Message-ID: <lunch-15@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Hi,

shall we meet for lunch on Friday at noon?

Admin
