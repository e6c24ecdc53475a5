// hadolint- and trivy-compatible examples: for each documented rule, an input in the spirit of its
// documentation (written here, not copied) that the rule flags, beside the documented correction,
// which it must not flag. A finding counts for a rule when it carries that rule's ref.
import { describe, expect, it } from 'vitest';
import { dockerfileRules } from '../../../../src/audit/rules/dockerfile/index.js';
import { runRule } from '../../../helpers/audit.js';
import { dockerfile } from './_helpers.js';

interface Example {
  readonly ref: string;
  readonly bad: string;
  readonly good: string;
}

const FROM = 'FROM debian:13.1';

const EXAMPLES: readonly Example[] = [
  { ref: 'hadolint:DL3000', bad: dockerfile(FROM, 'WORKDIR usr/src/app'), good: dockerfile(FROM, 'WORKDIR /usr/src/app') },
  { ref: 'hadolint:DL3002', bad: dockerfile(FROM, 'USER root', 'CMD ["sh"]'), good: dockerfile(FROM, 'USER root', 'RUN true', 'USER 10001', 'CMD ["sh"]') },
  { ref: 'hadolint:DL3003', bad: dockerfile(FROM, 'RUN cd /usr/src/app && git pull'), good: dockerfile(FROM, 'WORKDIR /usr/src/app', 'RUN git pull') },
  { ref: 'hadolint:DL3004', bad: dockerfile(FROM, 'RUN sudo apt-get install -y curl'), good: dockerfile(FROM, 'RUN apt-get install -y curl') },
  { ref: 'hadolint:DL3006', bad: dockerfile('FROM debian'), good: dockerfile('FROM debian:13.1') },
  { ref: 'hadolint:DL3007', bad: dockerfile('FROM debian:latest'), good: dockerfile('FROM debian:13.1') },
  { ref: 'hadolint:DL3008', bad: dockerfile(FROM, 'RUN apt-get install -y --no-install-recommends python3'), good: dockerfile(FROM, 'RUN apt-get install -y --no-install-recommends python3=3.13.5-1') },
  {
    ref: 'hadolint:DL3009',
    bad: dockerfile(FROM, 'RUN apt-get update && apt-get install -y python3'),
    good: dockerfile(FROM, 'RUN apt-get update && apt-get install -y python3 \\', ' && apt-get clean \\', ' && rm -rf /var/lib/apt/lists/*'),
  },
  { ref: 'hadolint:DL3013', bad: dockerfile(FROM, 'RUN pip install django'), good: dockerfile(FROM, 'RUN pip install django==5.2.4') },
  { ref: 'hadolint:DL3014', bad: dockerfile(FROM, 'RUN apt-get install python3=3.13.5-1'), good: dockerfile(FROM, 'RUN apt-get install -y python3=3.13.5-1') },
  { ref: 'hadolint:DL3015', bad: dockerfile(FROM, 'RUN apt-get install -y python3'), good: dockerfile(FROM, 'RUN apt-get install -y --no-install-recommends python3') },
  { ref: 'hadolint:DL3016', bad: dockerfile(FROM, 'RUN npm install express'), good: dockerfile(FROM, 'RUN npm install express@4.21.2') },
  { ref: 'hadolint:DL3018', bad: dockerfile('FROM alpine:3.22', 'RUN apk add --no-cache python3'), good: dockerfile('FROM alpine:3.22', 'RUN apk add --no-cache python3=3.12.11-r0') },
  { ref: 'hadolint:DL3019', bad: dockerfile('FROM alpine:3.22', 'RUN apk add python3=3.12.11-r0'), good: dockerfile('FROM alpine:3.22', 'RUN apk add --no-cache python3=3.12.11-r0') },
  { ref: 'hadolint:DL3020', bad: dockerfile(FROM, 'ADD requirements.txt /usr/src/app/'), good: dockerfile(FROM, 'COPY requirements.txt /usr/src/app/') },
  { ref: 'hadolint:DL3021', bad: dockerfile(FROM, 'COPY foo bar baz'), good: dockerfile(FROM, 'COPY foo bar baz/') },
  { ref: 'hadolint:DL3022', bad: dockerfile(FROM, 'COPY --from=build-env /app /app'), good: dockerfile(`${FROM} AS build-env`, FROM, 'COPY --from=build-env /app /app') },
  { ref: 'hadolint:DL3023', bad: dockerfile(`${FROM} AS foo`, 'COPY --from=foo bar .'), good: dockerfile(`${FROM} AS foo`, `${FROM} AS baz`, 'COPY --from=foo bar .') },
  { ref: 'hadolint:DL3024', bad: dockerfile(`${FROM} AS foo`, `${FROM} AS foo`), good: dockerfile(`${FROM} AS foo`, `${FROM} AS bar`) },
  { ref: 'hadolint:DL3025', bad: dockerfile(FROM, 'CMD my-service server'), good: dockerfile(FROM, 'CMD ["my-service", "server"]') },
  { ref: 'hadolint:DL3027', bad: dockerfile(FROM, 'RUN apt install -y curl=8.14.1-2'), good: dockerfile(FROM, 'RUN apt-get install -y curl=8.14.1-2') },
  { ref: 'hadolint:DL3028', bad: dockerfile(FROM, 'RUN gem install bundler'), good: dockerfile(FROM, 'RUN gem install bundler:2.6.9') },
  { ref: 'hadolint:DL3042', bad: dockerfile(FROM, 'RUN pip install django==5.2.4'), good: dockerfile(FROM, 'RUN pip install --no-cache-dir django==5.2.4') },
  { ref: 'hadolint:DL3061', bad: dockerfile('LABEL maintainer="team"', FROM), good: dockerfile('ARG VERSION=13.1', 'FROM debian:$VERSION') },
  { ref: 'hadolint:DL3062', bad: dockerfile(FROM, 'RUN go install example.com/tool'), good: dockerfile(FROM, 'RUN go install example.com/tool@v1.4.2') },
  { ref: 'hadolint:DL3064', bad: dockerfile(FROM, 'ENV AWS_SECRET_ACCESS_KEY=abcdefghij1234567890'), good: dockerfile(FROM, 'RUN --mount=type=secret,id=aws aws s3 cp s3://bucket/x /x') },
  { ref: 'hadolint:DL4000', bad: dockerfile(FROM, 'MAINTAINER Jane <jane@example.com>'), good: dockerfile(FROM, 'LABEL org.opencontainers.image.authors="Jane <jane@example.com>"') },
  { ref: 'hadolint:DL4001', bad: dockerfile(FROM, 'RUN wget -q https://x.io/a && curl -fsSLO https://x.io/b'), good: dockerfile(FROM, 'RUN curl -fsSLO https://x.io/a && curl -fsSLO https://x.io/b') },
  { ref: 'hadolint:DL4003', bad: dockerfile(FROM, 'CMD ["a"]', 'CMD ["b"]'), good: dockerfile(FROM, 'CMD ["b"]') },
  { ref: 'hadolint:DL4004', bad: dockerfile(FROM, 'ENTRYPOINT ["a"]', 'ENTRYPOINT ["b"]'), good: dockerfile(FROM, 'ENTRYPOINT ["b"]') },
  {
    ref: 'hadolint:DL4006',
    bad: dockerfile(FROM, 'RUN wget -O - https://some.site | wc -l > /number'),
    good: dockerfile(FROM, 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'RUN wget -O - https://some.site | wc -l > /number'),
  },
  { ref: 'trivy:DS-0001', bad: dockerfile('FROM alpine:latest'), good: dockerfile('FROM alpine:3.22.1') },
  { ref: 'trivy:DS-0002', bad: dockerfile('FROM alpine:3.22.1', 'RUN adduser -D app'), good: dockerfile('FROM alpine:3.22.1', 'RUN adduser -D app', 'USER app') },
  { ref: 'trivy:DS-0004', bad: dockerfile(FROM, 'EXPOSE 3000 80 443 22'), good: dockerfile(FROM, 'EXPOSE 3000 80 443') },
  { ref: 'trivy:DS-0005', bad: dockerfile(FROM, 'ADD target/app.jar /app/'), good: dockerfile(FROM, 'ADD target/resources.tar.gz /app/', 'COPY target/app.jar /app/') },
  { ref: 'trivy:DS-0006', bad: dockerfile(`${FROM} AS dep`, 'COPY --from=dep /binary /'), good: dockerfile(`${FROM} AS dep`, FROM, 'COPY --from=dep /binary /') },
  { ref: 'trivy:DS-0007', bad: dockerfile(FROM, 'ENTRYPOINT ["/bin/sh"]', 'ENTRYPOINT ["/bin/bash"]'), good: dockerfile(FROM, 'ENTRYPOINT ["/bin/sh"]') },
  { ref: 'trivy:DS-0008', bad: dockerfile(FROM, 'EXPOSE 65536'), good: dockerfile(FROM, 'EXPOSE 8080') },
  { ref: 'trivy:DS-0009', bad: dockerfile(FROM, 'WORKDIR path/to/workdir'), good: dockerfile(FROM, 'WORKDIR /path/to/workdir') },
  { ref: 'trivy:DS-0010', bad: dockerfile(FROM, 'RUN sudo pip install --upgrade pip'), good: dockerfile(FROM, 'RUN pip install --upgrade pip') },
  { ref: 'trivy:DS-0011', bad: dockerfile(FROM, 'COPY ["package.json", "yarn.lock", "myapp"]'), good: dockerfile(FROM, 'COPY ["package.json", "yarn.lock", "myapp/"]') },
  { ref: 'trivy:DS-0012', bad: dockerfile(`${FROM} AS build`, `${FROM} AS build`), good: dockerfile(`${FROM} AS build`, `${FROM} AS run`) },
  { ref: 'trivy:DS-0013', bad: dockerfile(FROM, 'RUN cd /usr/share/nginx/html'), good: dockerfile(FROM, 'WORKDIR /usr/share/nginx/html') },
  { ref: 'trivy:DS-0014', bad: dockerfile(FROM, 'RUN wget http://x.io/a', 'RUN curl http://x.io/b'), good: dockerfile(FROM, 'RUN curl http://x.io/a', 'RUN curl http://x.io/b') },
  { ref: 'trivy:DS-0015', bad: dockerfile('FROM centos:7', 'RUN yum install -y vim'), good: dockerfile('FROM centos:7', 'RUN yum install -y vim && yum clean all') },
  { ref: 'trivy:DS-0016', bad: dockerfile(FROM, 'CMD ["./app"]', 'CMD ["./other"]'), good: dockerfile(FROM, 'CMD ["./app"]') },
  { ref: 'trivy:DS-0017', bad: dockerfile(FROM, 'RUN apt-get update', 'RUN apt-get install -y vim'), good: dockerfile(FROM, 'RUN apt-get update && apt-get install -y vim') },
  { ref: 'trivy:DS-0019', bad: dockerfile('FROM fedora:42', 'RUN dnf install -y vim'), good: dockerfile('FROM fedora:42', 'RUN dnf install -y vim && dnf clean all') },
  { ref: 'trivy:DS-0020', bad: dockerfile('FROM opensuse/leap:15.6', 'RUN zypper install -y bash'), good: dockerfile('FROM opensuse/leap:15.6', 'RUN zypper install -y bash && zypper clean') },
  { ref: 'trivy:DS-0021', bad: dockerfile(FROM, 'RUN apt-get install apt-utils'), good: dockerfile(FROM, 'RUN apt-get install -y apt-utils') },
  { ref: 'trivy:DS-0022', bad: dockerfile(FROM, 'MAINTAINER someone@example.com'), good: dockerfile(FROM, 'LABEL org.opencontainers.image.authors="someone@example.com"') },
  {
    ref: 'trivy:DS-0023',
    bad: dockerfile(FROM, 'HEALTHCHECK CMD curl -f http://localhost/ || exit 1', 'HEALTHCHECK CMD /bin/healthcheck'),
    good: dockerfile(FROM, 'HEALTHCHECK CMD /bin/healthcheck'),
  },
  { ref: 'trivy:DS-0024', bad: dockerfile(FROM, 'RUN apt-get update && apt-get dist-upgrade -y'), good: dockerfile(FROM, 'RUN apt-get update && apt-get install -y curl') },
  { ref: 'trivy:DS-0025', bad: dockerfile('FROM alpine:3.22.1', 'RUN apk add bash'), good: dockerfile('FROM alpine:3.22.1', 'RUN apk add --no-cache bash') },
  { ref: 'trivy:DS-0026', bad: dockerfile(FROM, 'CMD ["./app"]'), good: dockerfile(FROM, 'HEALTHCHECK CMD ["./app", "--health"]', 'CMD ["./app"]') },
  { ref: 'trivy:DS-0027', bad: dockerfile('FROM registry.access.redhat.com/ubi9/ubi-minimal:9.6', 'RUN microdnf install -y bash'), good: dockerfile('FROM registry.access.redhat.com/ubi9/ubi-minimal:9.6', 'RUN microdnf install -y bash && microdnf clean all') },
  { ref: 'trivy:DS-0029', bad: dockerfile(FROM, 'RUN apt-get install -y apt-utils'), good: dockerfile(FROM, 'RUN apt-get install -y --no-install-recommends apt-utils') },
  { ref: 'trivy:DS-0030', bad: dockerfile(FROM, 'WORKDIR /proc/self/fd/1'), good: dockerfile(FROM, 'WORKDIR /app') },
  { ref: 'trivy:DS-0031', bad: dockerfile(FROM, 'ARG GITHUB_TOKEN', 'RUN git clone https://$GITHUB_TOKEN@github.com/org/repo'), good: dockerfile(FROM, 'RUN --mount=type=secret,id=gh git clone https://github.com/org/repo') },
  { ref: 'trivy:DS-0032', bad: dockerfile(FROM, 'RUN curl -fsSL https://x.io/a.tgz | tar -xz'), good: dockerfile(FROM, 'RUN set -o pipefail && curl -fsSL https://x.io/a.tgz | tar -xz') },
];

const refsFound = (text: string) => new Set(dockerfileRules.flatMap((rule) => runRule(rule, { Dockerfile: text })).flatMap((f) => f.refs));

describe('documented hadolint and trivy examples', () => {
  it.each(EXAMPLES.map((e) => [e.ref, e] as const))('%s flags the bad example and not the corrected one', (ref, example) => {
    expect(refsFound(example.bad).has(ref)).toBe(true);
    expect(refsFound(example.good).has(ref)).toBe(false);
  });
});
